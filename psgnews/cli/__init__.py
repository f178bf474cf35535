"""The command line: the `psgnews` group, its commands, and exit codes (the only Click code).

The library raises plain exceptions; here a `PsgnewsError` becomes "Error: "
and its message, with exit code 1. Bad usage is Click's "Usage: ..." and exit
code 2. Anything else is a bug: an internal error, whose traceback --debug shows.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from psgnews import __version__
from psgnews.cli.build import build_command, extract_command
from psgnews.cli.content import (
    check_command,
    import_command,
    list_command,
    new_command,
    schema_command,
)
from psgnews.cli.members import members_group, unsubscribe_server_command
from psgnews.cli.project import init_command
from psgnews.cli.publish import publish_command
from psgnews.cli.search import search_command
from psgnews.cli.send import send_command
from psgnews.cli.serve import serve_command
from psgnews.core import digests
from psgnews.core.errors import PsgnewsError

__all__ = ["cli", "main"]

EXAMPLES = """
\b
Examples:
  psgnews init my-update             a new, empty project in folder my-update/
  psgnews build 119                  every output of Update 119 into build/119/
  psgnews build 119 --format email   only the HTML email (no PDF renderer needed)
  psgnews build 119 --attach-pdf     also the .eml with the PDF attached
  psgnews build --all --jobs 2       every issue, two at a time, and the web archive
  psgnews check                      validate every issue, briefing and series item
  psgnews serve 119 --open           Update 119 in the browser, live as you edit
  psgnews new 120 --date 2007-03-31  start Update 120
  psgnews new 120 --article "Mining protests in Cajamarca"
  psgnews list                       issues, dates, article counts; news item counts
  psgnews search Bagua --since 2009  what was written about Bagua from 2009 on
  psgnews build 119 --print-marks    a PDF with bleed and crop marks for the printer
  psgnews extract psg-update-119.pdf recovered/   the sources inside a PDF
  psgnews import old/news-2006.txt   turn an old news page into issues/
  psgnews send 119 --members members.csv   deliver Update 119 to every member, once
  psgnews publish --dry-run          what uploading the web archive would send
  psgnews unsubscribe-server         the page each email's unsubscribe link points at
  psgnews members sync --members members.csv   unsubscribes and bounces into the list
  psgnews schema                     JSON Schemas into schemas/, for editors
"""


class Group(click.Group):
    """The psgnews group: a `PsgnewsError` in any command ends as "Error: <message>", exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PsgnewsError as e:
            raise click.ClickException(str(e)) from e

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their summaries in full: wrapped, never cut off with "..."."""
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        rows = [
            (name, c.get_short_help_str(limit=300)) for name, c in commands if c and not c.hidden
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=Group, epilog=EXAMPLES)
@click.version_option(__version__, prog_name="psgnews")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder holding psgnews.yaml (default: the nearest one upward).",
)
@click.option("--debug", is_flag=True, help="Show a traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """Compile the Peru Support Group's news Update from YAML files.

    Each issue lives in issues/N/ as an issue.yaml and one YAML file per
    article; psgnews renders it as an HTML email, a plain-text email, an .eml
    and an A4 PDF, through the templates in layouts/.
    """
    ctx.obj = {"root": root}
    if debug:
        from psgnews.compile import many

        os.environ[many.DEBUG] = "1"  # workers report a bug's traceback too
    _show_warnings()


for command in (
    init_command,
    build_command,
    check_command,
    new_command,
    extract_command,
    list_command,
    import_command,
    publish_command,
    members_group,
    search_command,
    send_command,
    serve_command,
    unsubscribe_server_command,
    schema_command,
):
    cli.add_command(command)


class _EchoWarnings(logging.Handler):
    """Print psgnews's logged warnings (e.g. an email near Gmail's size limit) on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.getMessage()}", err=True)


def _show_warnings() -> None:
    logger = logging.getLogger("psgnews")
    if not any(isinstance(h, _EchoWarnings) for h in logger.handlers):
        logger.addHandler(_EchoWarnings(logging.WARNING))


def main() -> None:
    """Run the command line; an unexpected failure shows a traceback only with --debug."""
    try:
        _run()
    finally:
        digests.current().save()  # the digests of the files this run read, for the next


def _run() -> None:
    try:
        code = cli.main(standalone_mode=False)
    except click.ClickException as e:  # a PsgnewsError (exit code 1), or bad usage (2)
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except Exception as e:
        if "--debug" in sys.argv[1:]:
            raise
        click.echo(
            f"Error: internal error: {e!r} (run again with --debug for the traceback)", err=True
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
