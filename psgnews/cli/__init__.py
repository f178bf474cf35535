"""The command line: the Click commands, progress display and exit codes (the only Click code)."""

from psgnews.cli.commands import cli, main

__all__ = ["cli", "main"]
