from psgnews.cli import main

main()
