"""`psgnews search`: find the articles, briefings and series items that hold some words."""

from __future__ import annotations

import contextlib
import datetime
from typing import TYPE_CHECKING

import click

from psgnews.search import KINDS

if TYPE_CHECKING:
    from psgnews.search.query import Result


class Bound(click.ParamType):  # type: ignore[type-arg]
    """A date that starts (or ends) a search's period: 2009, 2009-06 or 2009-06-05."""

    name = "DATE"

    def __init__(self, *, last: bool) -> None:
        self.last = last

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date:
        from psgnews.search.query import QueryError, bound

        if isinstance(value, datetime.date):
            return value
        try:
            return bound(str(value), last=self.last)
        except QueryError as e:
            self.fail(str(e), param, ctx)


@click.command("search", short_help="Find articles, briefings and series items by their words.")
@click.argument("words", nargs=-1, required=True)
@click.option(
    "--since", type=Bound(last=False), help="Only from this date: 2009, 2009-06 or 2009-06-05."
)
@click.option(
    "--until", type=Bound(last=True), help="Only up to this date (its whole year or month)."
)
@click.option("--section", default="", help="Only this section of psgnews.yaml.")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default=None,
    help="Only Update articles, briefings or series items.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Show at most this many.",
)
@click.pass_context
def search_command(
    ctx: click.Context,
    words: tuple[str, ...],
    since: datetime.date | None,
    until: datetime.date | None,
    section: str,
    kind: str | None,
    limit: int,
) -> None:
    """Find WORDS in every issue's articles, the briefings and series items, best match first.

    Case and accents do not matter ("peru" finds "Perú"); words are stemmed in
    English and Spanish ("protesta" finds "protestan"); "two words" in quotes is
    a phrase; miner* finds minero, minera and minería. Exits 1 when nothing is
    found. The index is kept in the cache folder and brought up to date with the
    files changed since the last search.
    """
    from psgnews.core.paths import root_folder
    from psgnews.search import index, query

    try:
        fts = query.fts_query(" ".join(words))
    except query.QueryError as e:
        raise click.UsageError(str(e)) from None
    root = root_folder(ctx.obj["root"])  # psgnews.yaml is checked by `index.settings`
    with contextlib.closing(index.open_index(root)) as db:
        newsletter, sections = index.settings(db, root)
        _check_section(section, sections)
        for problem in index.refresh(db, root):
            click.echo(f"warning: not searched: {problem}", err=True)
        filters = query.Filters(since=since, until=until, section=section, kind=kind or "")
        found = query.run(db, fts, filters, limit)
    for result in found:
        click.echo(_line(result, newsletter))
        click.echo(f"    {_marked(result.excerpt)}")
    if not found:
        click.echo("nothing found", err=True)
        ctx.exit(1)


def _check_section(section: str, sections: tuple[str, ...]) -> None:
    """Refuse a --section that is not one of psgnews.yaml's, naming the one meant or them all."""
    from psgnews.core.names import did_you_mean

    if section and section.casefold() not in {s.casefold() for s in sections}:
        hint = did_you_mean(section, sections) or "sections: " + ", ".join(sections)
        raise click.BadParameter(
            f"{section!r} is not a section of psgnews.yaml; {hint}", param_hint="--section"
        )


def _line(result: Result, newsletter: str) -> str:
    """Return e.g. "Update 119  2007-01-31  Setbacks for Reparations  issues/119/setbacks.yaml"."""
    if result.kind == "article":
        what = f"{newsletter} {result.number}"
    elif result.kind == "series":
        what = f"{result.series} {result.number}"
    else:
        what = "Briefing"
    return f"{what}  {result.date}  {result.title}  {result.path}"


def _marked(excerpt: str) -> str:
    """Return `excerpt` with its matched words in bold (where the output shows styles)."""
    from psgnews.search.query import MARK

    parts = excerpt.replace(MARK[1], MARK[0]).split(MARK[0])
    return "".join(click.style(p, bold=True) if i % 2 else p for i, p in enumerate(parts))
