"""The news items: briefings and the items of other series, checked and ready for the web archive.

Each kind is read by its own rules (`briefings`, `series`: file names, dates),
then both are checked as articles are (the section, the body's URLs and images).
The images their bodies show are their folder's, as an issue's are (the
briefings' `images/`, a series'), and the web archive publishes their copies
beside each item's page. What is loaded is kept in the cache of checked content, as issues are,
keyed by every file of issues/_briefings/ and issues/_series/, psgnews.yaml and
psgnews's code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from psgnews.content import (
    briefings,
    files,
    htmltree,
    imagecheck,
    markup,
    series,
    typography,
    written,
    yamlread,
)
from psgnews.content.checks import body_links, check_body, check_section
from psgnews.content.dates import Dateline
from psgnews.content.model import NewsItem
from psgnews.content.project import Root
from psgnews.content.schema import ArticleSpec, SeriesItemSpec
from psgnews.core import cache, fingerprint
from psgnews.core.errors import ContentError, Problem

CACHE = "news"  # the cache entry of the loaded news items


@dataclass(frozen=True)
class Tally:
    """The news items of one folder: the briefings, or the items of one series."""

    folder: str  # e.g. "issues/_series/peru-news/"
    series: str | None  # as its newest item writes it; None for the briefings
    items: tuple[NewsItem, ...]  # newest first


def load_news(root: Root) -> tuple[NewsItem, ...]:
    """Return every briefing and series item, newest first, or raise ContentError listing all."""
    key = fingerprint.digest_of(fingerprint.news_lines(root.path, fingerprint.SourceDigests()))
    kept = cache.recall(root.path, CACHE, key)
    if isinstance(kept, tuple) and all(isinstance(item, NewsItem) for item in kept):
        return kept  # checked before, and no file it was made from has changed
    problems: list[Problem] = []
    found = [*briefings.read_briefings(root), *series.read_series(root)]
    digests = fingerprint.SourceDigests()
    loaded = [_checked(root, doc, spec, problems, digests) for doc, spec in found]
    items = [item for item in loaded if item is not None]
    problems += _same_pages(items)
    if problems:
        raise ContentError(problems)
    newest = newest_first(items)
    # A file saved during the load must not be kept as unchanged: digest it afresh.
    if key == fingerprint.digest_of(fingerprint.news_lines(root.path, fingerprint.SourceDigests())):
        cache.keep(root.path, CACHE, key, newest)
    return newest


def tallies(items: Sequence[NewsItem]) -> list[Tally]:
    """Return the items by folder: the briefings first, then each series by name."""
    folders: dict[str, list[NewsItem]] = {}
    for item in items:
        folders.setdefault(item.source.rpartition("/")[0] + "/", []).append(item)
    found = [Tally(folder, of[0].series, tuple(of)) for folder, of in folders.items()]
    return sorted(found, key=lambda t: (t.series is not None, t.folder))


def _checked(
    root: Root,
    doc: yamlread.Document,
    spec: ArticleSpec | SeriesItemSpec | None,
    problems: list[Problem],
    digests: fingerprint.SourceDigests,
) -> NewsItem | None:
    """Return the item `doc` holds, checked as an article is, or None with its problems added."""
    if spec is None:
        problems.extend(doc.problems)
        return None
    folder = root.path / Path(doc.display).parent
    check_section(root, doc, spec.section)
    parses = check_body(folder, doc, spec.body)
    if isinstance(spec, SeriesItemSpec):
        _check_written(doc, spec)
    slug = Path(doc.display).stem
    if isinstance(spec, SeriesItemSpec):
        slug = f"{folder.name}-{slug}"
    if not parses:  # nested past the limit: not parsed again
        problems.extend(doc.problems)
        return None
    body = markup.to_html(spec.body, slug, spec.lang, links=body_links(root))
    _check_own_body(doc, body)
    problems.extend(doc.problems)
    if doc.problems:
        return None
    shown = dict.fromkeys((i.get("src") or "" for i in imagecheck.images(body)), True)
    found = files.images(root.path, folder, shown, digests.file)
    return replace(_item(spec, slug, body, doc.display), images=found)


def _item(spec: ArticleSpec | SeriesItemSpec, slug: str, body: str, source: str) -> NewsItem:
    """Return the news item of a checked `spec`, its body already rendered as `body`."""
    as_written = ("", "")
    if isinstance(spec, SeriesItemSpec):
        dateline, name, number = spec.date, spec.series, spec.number
        as_written = (spec.date_written or "", spec.number_written or "")
    elif spec.date is not None:  # always: `briefings` refuses a briefing without
        dateline, name, number = Dateline(spec.date), None, None
    else:
        raise ValueError(f"{source}: a briefing without a date")
    return NewsItem(
        slug=slug,
        title=typography.smarten(spec.title, spec.lang),
        section=spec.section,
        summary=typography.smarten(spec.summary, spec.lang),
        body_html=body,
        dateline=dateline,
        series=name,
        number=number,
        lang=spec.lang,
        tags=spec.tags,
        source=source,
        written_date=as_written[0],
        written_number=as_written[1],
        place=spec.place or 0,
    )


def _check_written(doc: yamlread.Document, spec: SeriesItemSpec) -> None:
    """Add to `doc` a date or number as written that is not the item's own."""
    if fault := written.disagrees(spec.date_written, spec.date):
        doc.add(("date_written",), fault)
    if spec.number_written is not None and int(spec.number_written) != spec.number:
        doc.add(("number_written",), f"'{spec.number_written}' is not the number {spec.number}")


def _check_own_body(doc: yamlread.Document, body: str) -> None:
    """Add to `doc` a `#name` link that leads out of its body: the item's page is its body alone."""
    tree = htmltree.tree_of(body)
    ids = {value for e in htmltree.elements(tree) if (value := e.get("id"))}
    for element in htmltree.elements(tree):
        href = element.get("href") or ""
        if htmltree.name(element) == "a" and href.startswith("#") and href[1:] not in ids:
            doc.add_near(("body",), href, f"the link '{href}' leads to nothing in the item")


def _same_pages(items: Sequence[NewsItem]) -> list[Problem]:
    """Return a problem for each item whose page would be another's (web/news/<slug>/)."""
    first: dict[str, NewsItem] = {}
    problems = []
    for item in items:
        if (other := first.setdefault(item.slug, item)) is not item:
            message = f"its page news/{item.slug}/ would be {other.source}'s too: rename one"
            problems.append(Problem(item.source, 1, 1, "", message))
    return problems


def newest_first(items: Sequence[NewsItem]) -> tuple[NewsItem, ...]:
    """Return `items` newest first; a day's as the page listed them (`place`: first the first).

    A day's items with no `place` come first, in the order of their files (series,
    number, name): the newest-first sort is stable, so it never reverses them.
    """
    in_files = sorted(items, key=lambda i: (i.series or "", i.number or 0, i.slug))
    return tuple(sorted(in_files, key=lambda i: (i.dateline, -i.place), reverse=True))
