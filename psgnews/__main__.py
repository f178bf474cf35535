from psgnews.cli.commands import main

main()
