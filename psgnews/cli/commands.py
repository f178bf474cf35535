"""The `psgnews` command line: each command parses its options and calls one library function."""

from __future__ import annotations

import datetime
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psgnews import __version__
from psgnews.build.formats import FORMATS, PDF_VARIANTS
from psgnews.cli.send import send_command
from psgnews.errors import ContentError, IssueNotFoundError

if TYPE_CHECKING:  # each command imports the library when it runs: --version loads none of it
    from psgnews.content.load import Root
    from psgnews.content.model import Issue

EXAMPLES = """
\b
Examples:
  psgnews build 119                  every output of Update 119 into build/119/
  psgnews build 119 --format email   only the HTML email (no PDF renderer needed)
  psgnews build 119 --attach-pdf     also the .eml with the PDF attached
  psgnews build --all --jobs 2       every issue, two at a time, and the web archive
  psgnews check                      validate every issue, write nothing
  psgnews new 120 --date 2007-03-31  start Update 120
  psgnews new 120 --article "Mining protests in Cajamarca"
  psgnews list                       issues, dates and article counts
  psgnews build 119 --print-marks    a PDF with bleed and crop marks for the printer
  psgnews extract psg-update-119.pdf recovered/   the sources inside a PDF
  psgnews import old/news-2006.txt   turn an old news page into issues/
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
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"choose from {','.join(FORMATS)} (got {value!r})")
    return formats


def _cpus() -> int:
    """Return the number of CPUs this process may use: the default of --jobs."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


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
    if debug:
        from psgnews.build import many

        os.environ[many.DEBUG] = "1"  # workers report a bug's traceback too
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
    from psgnews.content.load import open_root

    return open_root(ctx.obj["root"])


def load_issues(root: Root, numbers: list[int], *, bodies: bool = True) -> list[Issue]:
    """Return the issues `numbers`, importing psgnews.content.load (and its libraries) only now."""
    from psgnews.content import load

    return load.load_issues(root, numbers, bodies=bodies)


@cli.command("build")
@click.argument("issues", nargs=-1, type=IssueList())
@click.option("--all", "every", is_flag=True, help="Build every issue.")
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    callback=_formats,
    help="Comma-separated outputs to build.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Put the <N>/ output folders and web/ here instead of build/.",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    default=PDF_VARIANTS[0],
    show_default=True,
    help="The PDF's standard: PDF/A-3b for the archive, PDF/UA-1 (tagged), or none.",
)
@click.option("--print-marks", is_flag=True, help="Add 3 mm bleed and crop marks for a print shop.")
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
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=_cpus(),
    show_default="the number of CPUs",
    help="Issues built at once, each in its own worker process.",
)
@click.option("--force", is_flag=True, help="Rebuild issues whose outputs are up to date.")
@click.option(
    "--web/--no-web",
    default=None,
    help="Update the web archive in build/web/ (default: with --all only).",
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@click.pass_context
def build_command(
    ctx: click.Context,
    /,
    issues: list[list[int]],
    every: bool,
    pdf_variant: str,
    print_marks: bool,
    attach_pdf: bool,
    allow_clipping: bool,
    **run: Any,
) -> None:
    """Build ISSUES (e.g. 119, 117-119, or --all) into build/<N>/; with --all, also build/web/.

    Issues whose sources, layouts and settings have not changed since their last
    build are skipped (--force rebuilds them); one failing issue does not stop
    the others, and every failure is listed at the end.
    """
    from psgnews.render.pdf import process

    one_by_one = run["jobs"] == 1 or len({n for group in issues for n in group}) == 1
    needs_pdf = "pdf" in run["formats"] or attach_pdf
    # Started first, so that WeasyPrint's import runs while this process imports the rest.
    with process.started(needs_pdf and one_by_one) as pdf_renderer:
        from psgnews.build import one, pipeline

        root = _root(ctx)
        numbers = _numbers(root, issues, every)
        options = one.BuildOptions(pdf_variant, print_marks, attach_pdf, allow_clipping)
        if run["web"] is None:  # an editor building one issue is not publishing the archive
            run["web"] = every
        pipeline.build(root, numbers, options=options, show=_shown, renderer=pdf_renderer, **run)


def _numbers(root: Root, issues: list[list[int]], every: bool) -> list[int]:
    """Return the issue numbers asked for, each of them an issue of the project."""
    if every == bool(issues):
        raise click.UsageError("name the issues to build (e.g. 119 or 117-119), or give --all")
    known = root.issue_numbers()
    numbers = known if every else sorted({n for group in issues for n in group})
    missing = [n for n in numbers if n not in known]
    if missing:
        listing = ", ".join(map(str, known)) or "none"
        raise IssueNotFoundError(f"no issue {', '.join(map(str, missing))} (issues: {listing})")
    return numbers


@cli.command("check")
@click.argument("issues", nargs=-1, type=IssueList())
@click.option(
    "--allow-clipping",
    is_flag=True,
    help="Only warn when an HTML email is over 102 KB, which Gmail clips.",
)
@click.pass_context
def check_command(ctx: click.Context, issues: list[list[int]], allow_clipping: bool) -> None:
    """Validate ISSUES (default: all, and the briefings) and their emails' size; no outputs."""
    from psgnews.content import briefings, load
    from psgnews.render import mailing

    root = _root(ctx)
    numbers = sorted({n for group in issues for n in group}) or root.issue_numbers()
    strays = [] if issues else load.stray_folders(root)
    try:
        checked = load_issues(root, numbers)
    except ContentError as e:
        raise ContentError([*strays, *e.problems]) from None
    if strays:
        raise ContentError(strays)

    for issue in checked:
        mailing.check_size(issue, root.path, allow_clipping=allow_clipping)
    articles = sum(len(issue.articles) for issue in checked)
    click.echo(f"ok: {len(checked)} issues, {articles} articles")
    if not issues and (count := briefings.check_briefings(root)):
        click.echo(f"ok: {count} briefing{'s' if count != 1 else ''} (issues/_briefings/)")


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
    from psgnews.content import scaffold

    root = _root(ctx)
    if date is not None:
        click.echo(f"created {_shown(scaffold.new_issue(root, number, date.date()))}")
        return
    path, ordered = scaffold.new_article(root, number, str(title))
    click.echo(f"created {_shown(path)}")
    if not ordered:
        click.echo(f"if issue.yaml has an order:, add {path.stem} to it")


@cli.command("extract")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def extract_command(ctx: click.Context, pdf: Path, folder: Path) -> None:
    """Recover the sources inside PDF as a new project root FOLDER that `build` accepts.

    The PDF carries psgnews.yaml, the issue's YAML files, its standing pieces and
    images; the layouts are copied from the current project (see --root).
    """
    from psgnews.render.pdf import extract

    layouts = _root(ctx).path / "layouts"
    for path in extract.extract(pdf, folder, layouts):
        click.echo(_shown(path))


@cli.command("list")
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """List the issues with their dates and article counts."""
    root = _root(ctx)
    for issue in load_issues(root, root.issue_numbers(), bodies=False):
        count = len(issue.articles)
        plural = "s" if count != 1 else ""
        click.echo(f"{issue.number:>5}  {issue.date_text:<18} {count:>2} article{plural}")


@cli.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@click.option("--force", is_flag=True, help="Overwrite files edited since they were imported.")
@click.option("--no-repair", is_flag=True, help="Leave mojibake (e.g. 'Peruís') as it is.")
@click.pass_context
def import_command(
    ctx: click.Context, files: tuple[Path, ...], dry_run: bool, force: bool, no_repair: bool
) -> None:
    """Import old news listings FILES (text or HTML) into issues/."""
    from psgnews.legacy import importer  # ftfy costs ~0.15 s: only this command pays it

    outcome = importer.run_import(
        _root(ctx), files, dry_run=dry_run, force=force, fix=not no_repair
    )
    for line in outcome.report():
        click.echo(line)
    outcome.check()


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
