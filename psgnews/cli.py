"""The `psgnews` command line: each command parses its options and calls one library function."""

from __future__ import annotations

import datetime
import logging
import sys
from pathlib import Path

import click

from psgnews import __version__, build, mailing, scaffold
from psgnews.load import Root, load_issues, open_root
from psgnews.sendcommand import send_command

EXAMPLES = """
\b
Examples:
  psgnews build 119                  every output of Update 119 into build/119/
  psgnews build 119 --format email   only the HTML email (no PDF renderer needed)
  psgnews build 119 --attach-pdf     also the .eml with the PDF attached
  psgnews check                      validate every issue, write nothing
  psgnews new 120 --date 2007-03-31  start Update 120
  psgnews new 120 --article "Mining protests in Cajamarca"
  psgnews list                       issues, dates and article counts
  psgnews send 119 --members members.csv   deliver Update 119 to every member, once
"""


class IssueList(click.ParamType):  # type: ignore[type-arg]
    """Issue numbers: `119`, or a range `117-119`."""

    name = "ISSUE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> list[int]:
        text = str(value)
        first, _, last = text.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            self.fail(f"{text!r} is not an issue number or a range like 117-119", param, ctx)
        low, high = int(first), int(last or first)
        if high < low:
            self.fail(f"the range {text!r} runs backwards", param, ctx)
        return list(range(low, high + 1))


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    formats = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in build.FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"choose from {','.join(build.FORMATS)} (got {value!r})")
    return formats


@click.group(epilog=EXAMPLES)
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

    Each issue lives in issues/<N>/ as an issue.yaml and one YAML file per
    article; psgnews renders it as an HTML email, a plain-text email, an .eml
    and an A4 PDF, through the templates in layouts/.
    """
    ctx.obj = {"root": root}
    _show_warnings()


class _EchoWarnings(logging.Handler):
    """Print psgnews's logged warnings (e.g. an email near Gmail's size limit) on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.getMessage()}", err=True)


def _show_warnings() -> None:
    logger = logging.getLogger("psgnews")
    if not any(isinstance(h, _EchoWarnings) for h in logger.handlers):
        logger.addHandler(_EchoWarnings(logging.WARNING))


def _root(ctx: click.Context) -> Root:
    return open_root(ctx.obj["root"])


@cli.command("build")
@click.argument("issues", nargs=-1, required=True, type=IssueList())
@click.option(
    "--format",
    "formats",
    default=",".join(build.FORMATS),
    show_default=True,
    callback=_formats,
    help="Comma-separated outputs to build.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Put the <N>/ output folders here instead of build/.",
)
@click.option(
    "--attach-pdf",
    is_flag=True,
    help="Also write <name>-pdf.eml: a short note with the PDF attached.",
)
@click.option(
    "--allow-clipping",
    is_flag=True,
    help="Build an HTML email over 102 KB, which Gmail clips (otherwise an error).",
)
@click.pass_context
def build_command(
    ctx: click.Context,
    issues: list[list[int]],
    formats: list[str],
    out: Path | None,
    attach_pdf: bool,
    allow_clipping: bool,
) -> None:
    """Build ISSUES (e.g. 119, or 117-119) into build/<N>/."""
    root = _root(ctx)
    for number in sorted({n for group in issues for n in group}):
        built = build.build_issue(
            root, number, formats, out, attach_pdf=attach_pdf, allow_clipping=allow_clipping
        )
        for path in built.paths:
            click.echo(_shown(path))


@cli.command("check")
@click.argument("issues", nargs=-1, type=IssueList())
@click.option(
    "--allow-clipping",
    is_flag=True,
    help="Only warn when an HTML email is over 102 KB, which Gmail clips.",
)
@click.pass_context
def check_command(ctx: click.Context, issues: list[list[int]], allow_clipping: bool) -> None:
    """Validate ISSUES (default: all) and report every problem; write nothing."""
    root = _root(ctx)
    numbers = sorted({n for group in issues for n in group}) or root.issue_numbers()
    checked = load_issues(root, numbers)
    for issue in checked:
        mailing.check_size(issue, allow_clipping=allow_clipping)
    articles = sum(len(issue.articles) for issue in checked)
    click.echo(f"ok: {len(checked)} issues, {articles} articles")


@cli.command("new")
@click.argument("number", type=click.IntRange(min=1))
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), help="Start a new issue with this date.")
@click.option("--article", "title", help="Add an article with this title to the issue.")
@click.pass_context
def new_command(
    ctx: click.Context, number: int, date: datetime.datetime | None, title: str | None
) -> None:
    """Start issue NUMBER (--date YYYY-MM-DD), or add an article to it (--article "Title")."""
    if (date is None) == (title is None):
        raise click.UsageError(
            "give exactly one of --date (a new issue) or --article (a new article)"
        )
    root = _root(ctx)
    if date is not None:
        click.echo(f"created {_shown(scaffold.new_issue(root, number, date.date()))}")
        return
    path, ordered = scaffold.new_article(root, number, str(title))
    click.echo(f"created {_shown(path)}")
    if not ordered:
        click.echo(f"if issue.yaml has an order:, add {path.stem} to it")


@cli.command("list")
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """List the issues with their dates and article counts."""
    root = _root(ctx)
    for issue in load_issues(root, root.issue_numbers()):
        count = len(issue.articles)
        plural = "s" if count != 1 else ""
        click.echo(f"{issue.number:>5}  {issue.date_text:<18} {count:>2} article{plural}")


cli.add_command(send_command)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main() -> None:
    """Run the command line; an unexpected failure shows a traceback only with --debug."""
    try:
        code = cli.main(standalone_mode=False)
    except click.ClickException as e:
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
