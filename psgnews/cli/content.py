"""The content commands: `check` and `list` the issues, start one with `new`, `import` old ones."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from psgnews.cli.common import Day, ExistingFile, IssueList, numbers_of, project, shown
from psgnews.core.errors import ContentError

if TYPE_CHECKING:
    from psgnews.content import news


@click.command("check", short_help="Validate issues, briefings, series items; write nothing.")
@click.argument("issues", nargs=-1, type=IssueList())
@click.option(
    "--allow-clipping",
    is_flag=True,
    help="Only warn when an HTML email is over 102 KB, which Gmail clips.",
)
@click.pass_context
def check_command(ctx: click.Context, issues: list[list[int]], allow_clipping: bool) -> None:
    """Validate ISSUES (default: all, briefings, series items) and emails' size; no outputs."""
    from psgnews.content import load, news, unfinished
    from psgnews.content.project import stray_folders
    from psgnews.render import derive, mailing

    root = project(ctx)
    numbers = numbers_of(issues) or root.issue_numbers()
    strays = [] if issues else stray_folders(root)
    try:
        checked = load.load_issues(root, numbers)
    except ContentError as e:
        raise ContentError([*strays, *e.problems]) from None
    if strays:
        raise ContentError(strays)

    for issue in checked:
        mailing.check_size(issue, root.path, allow_clipping=allow_clipping)
        derive.check(root.path, issue)
        for problem in issue.placeholders:
            click.echo(f"warning: {problem}", err=True)
        for problem in issue.drafts:
            click.echo(f"note: {problem}", err=True)
    for problem in unfinished.settings_placeholders(root):
        click.echo(f"warning: {problem}", err=True)
    articles = sum(len(issue.articles) for issue in checked)
    click.echo(f"ok: {len(checked)} issues, {articles} articles")
    if not issues:
        for tally in news.tallies(news.load_news(root)):
            click.echo(f"ok: {_counted(tally)} ({tally.folder})")


@click.command("list", short_help="List the issues, briefings and series items, with dates.")
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """List the issues with their dates and article counts, then the briefings and series items."""
    from psgnews.content import load, news

    root = project(ctx)
    for issue in load.load_issues(root, root.issue_numbers(), bodies=False):
        count = len(issue.articles)
        plural = "s" if count != 1 else ""
        click.echo(f"{issue.number:>5}  {issue.date_text:<18} {count:>2} article{plural}")
    for tally in news.tallies(news.load_news(root)):
        years = _span([item.date.year for item in tally.items])
        numbers = f" {_span([item.number or 0 for item in tally.items])}" if tally.series else ""
        click.echo(f"{_counted(tally)}{numbers}, {years} ({tally.folder})")


def _counted(tally: news.Tally) -> str:
    """Return e.g. "1 briefing" or "3 items of Peru News"."""
    count = len(tally.items)
    if tally.series is None:
        return f"{count} briefing{'s' if count != 1 else ''}"
    return f"{count} item{'s' if count != 1 else ''} of {tally.series}"


def _span(values: list[int]) -> str:
    """Return the lowest to the highest of `values`, e.g. "2011–2018", or the one: "2011"."""
    low, high = min(values), max(values)
    return f"{low}–{high}" if low != high else f"{low}"


@click.command("new", short_help="Start an issue, or add an article to one.")
@click.argument("number", type=click.IntRange(min=1))
@click.option("--date", type=Day(), help="Start a new issue with this date, e.g. 2007-03-31.")
@click.option("--article", "title", help="Add an article with this title to the issue.")
@click.pass_context
def new_command(
    ctx: click.Context, number: int, date: datetime.date | None, title: str | None
) -> None:
    """Start issue NUMBER (--date YYYY-MM-DD), or add an article to it (--article "Title")."""
    if (date is None) == (title is None):
        raise click.UsageError(
            "give exactly one of --date (a new issue) or --article (a new article)"
        )
    from psgnews.content import scaffold

    root = project(ctx)
    if date is not None:
        click.echo(f"created {shown(scaffold.new_issue(root, number, date))}")
        return
    path, ordered = scaffold.new_article(root, number, str(title))
    click.echo(f"created {shown(path)}")
    if ordered:
        click.echo(f"added {path.stem} to the end of issue.yaml's order:")
    elif ordered is None:
        click.echo("issue.yaml has no order:, so the articles run in psgnews.yaml's section order")
    else:
        click.echo(f"add {path.stem} to issue.yaml's order: by hand (it could not be added)")


@click.command("import", short_help="Import old news listings or mirrors of the old site.")
@click.argument("paths", nargs=-1, required=True, type=ExistingFile(dir_okay=True))
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@click.option("--force", is_flag=True, help="Overwrite files edited since they were imported.")
@click.option("--no-repair", is_flag=True, help="Leave mojibake (e.g. 'Peruís') as it is.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write what every line of the pages became, and in which file, and each file of a"
    " mirror not read and why, to this CSV file (also on --dry-run, and when lines were not"
    " understood).",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    dry_run: bool,
    force: bool,
    no_repair: bool,
    report: Path | None,
) -> None:
    """Import old news listings PATHS (text or HTML files) into issues/.

    A PATH may be a WordPress export (.xml): its published posts are imported.
    A folder among PATHS is a mirror of the old site (as `wget --mirror` saves
    it): each file in it is read as a listing, an article page (the full text
    of an item) or a WordPress export, or reported as skipped, with its
    reason, in the --report. Every line of every
    page ends in a field of an item, a reported drop (page furniture, a picture
    caption, a copy of an item), or a "not understood" error with its line; if
    any line is not understood, nothing is written.
    """
    from psgnews.legacy import importer  # ftfy costs ~0.15 s: only this command pays it

    outcome = importer.run_import(
        project(ctx), paths, dry_run=dry_run, force=force, fix=not no_repair, report=report
    )
    for line in outcome.report():
        click.echo(line)
    outcome.check()


@click.command("schema", short_help="Write a JSON Schema for each kind of file, for editors.")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def schema_command(ctx: click.Context, folder: Path | None) -> None:
    """Write settings, issue, article, standing, briefing and series .schema.json into FOLDER.

    FOLDER defaults to schemas/ in the project root, where the files `psgnews new`
    makes look for them (their first line names one to the YAML language server).
    """
    from psgnews.content.schemas import write_schemas
    from psgnews.core.paths import SCHEMAS

    target = folder if folder is not None else project(ctx).path / SCHEMAS
    for path in write_schemas(target):
        click.echo(f"wrote {shown(path)}")
