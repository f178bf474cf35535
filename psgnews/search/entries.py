"""What the search index holds of one content file: its kind, date, words and where it is.

Each file is read on its own, so that the index can be brought up to date by
reading only the files that changed; a file with problems is not indexed, and
its first problem is kept so that every search can say so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from psgnews.content import htmltree, markup, yamlread
from psgnews.content.schema import ArticleSpec, IssueSpec, SeriesItemSpec, validate
from psgnews.core.errors import Problem
from psgnews.core.paths import BRIEFINGS, ISSUE, SERIES


@dataclass(frozen=True)
class Entry:
    """One searchable file: an Update's article, a briefing or a series item."""

    path: str  # from the project root, e.g. "issues/119/ojo-que-llora.yaml"
    kind: str  # one of KINDS
    series: str  # a series item's series as it writes it; "" otherwise
    number: int  # its issue's number or its number in its series; 0 for a briefing
    date: str  # its first day, ISO
    section: str
    lang: str
    title: str
    summary: str
    body: str  # the body as plain text


def entry(root: Path, display: str) -> Entry | str:
    """Return the entry of file `display` of `root` (as `index` names it), or its first problem."""
    path = root / display
    parts = Path(display).parts  # issues/<N>/<name>, issues/_briefings/<name>, issues/_series/...
    if parts[1] == BRIEFINGS:
        made = briefing(path, display)
    elif parts[1] == SERIES:
        made = series_item(path, display)
    else:
        made = article(path, display, path.with_name(ISSUE))
    return str(made) if isinstance(made, Problem) else made


def fold(text: str) -> str:
    """Return `text` with typographic apostrophes as the keyboard writes them (Peru’s: Peru's)."""
    return text.replace("’", "'").replace("‘", "'")


def article(path: Path, display: str, issue: Path) -> Entry | Problem:
    """Return the entry of an Update's article at `path`, dated by its issue's `issue` file."""
    doc = yamlread.read(path, display)
    spec = validate(ArticleSpec, doc)
    if spec is None or doc.problems:
        return doc.problems[0]
    date = spec.date
    if date is None:
        made = _issue(issue, Path(display).parent.joinpath(issue.name).as_posix())
        if isinstance(made, Problem):
            return made
        date = made.date.first
    number = int(path.parent.name)
    return _entry(display, "article", "", number, date, spec)


def briefing(path: Path, display: str) -> Entry | Problem:
    """Return the entry of the briefing at `path`."""
    doc = yamlread.read(path, display)
    spec = validate(ArticleSpec, doc)
    if spec is None or doc.problems:
        return doc.problems[0]
    if spec.date is None:
        return doc.problem((), "date: required in a briefing")
    return _entry(display, "briefing", "", 0, spec.date, spec)


def series_item(path: Path, display: str) -> Entry | Problem:
    """Return the entry of the series item at `path`."""
    doc = yamlread.read(path, display)
    spec = validate(SeriesItemSpec, doc)
    if spec is None or doc.problems:
        return doc.problems[0]
    return _entry(display, "series", spec.series, spec.number, spec.date.first, spec)


def _issue(path: Path, display: str) -> IssueSpec | Problem:
    """Return the spec of issue.yaml at `path`: its date is its articles' unless they give one."""
    doc = yamlread.read(path, display)
    spec = validate(IssueSpec, doc)
    return doc.problems[0] if spec is None or doc.problems else spec


def _entry(
    display: str,
    kind: str,
    series: str,
    number: int,
    date: datetime.date,
    spec: ArticleSpec | SeriesItemSpec,
) -> Entry:
    html = markup.to_html(spec.body, Path(display).stem, spec.lang)
    return Entry(
        path=display,
        kind=kind,
        series=series,
        number=number,
        date=date.isoformat(),
        section=spec.section,
        lang=spec.lang,
        title=fold(spec.title),
        summary=fold(spec.summary),
        body=fold(htmltree.text(htmltree.tree_of(html)) if html else ""),
    )
