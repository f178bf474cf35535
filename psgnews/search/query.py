"""A search as the user writes it, made into an FTS5 query that means only that, and its results.

Words are matched by their stems in English or Spanish (`psgnews.search.stems`),
all of them; "two words" in quotes is a phrase; a `*` at the end of a word
matches every word it starts, unstemmed (`miner*`: minero, minera, minería).
Nothing else the user types is FTS5 syntax: each word goes to SQLite as a
quoted string, so AND, OR, NOT, NEAR, `:` and `^` are words like any other,
and a stray `"` or `*` is refused with a message.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from psgnews.core.errors import PsgnewsError

# bm25's weights of title, summary, body (stemmed) and words (unstemmed, for prefixes):
# a title match ranks first.
WEIGHTS = (10.0, 3.0, 1.0, 1.0)
STEMMED = "{title summary body}: "  # the columns a word or a phrase is looked for in
MARK = ("\x02", "\x03")  # around each matched word of an excerpt, for the caller to show
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "’": "'", "‘": "'"})
_WORD = re.compile(r"[^\W_]")  # a letter or a digit: what a word needs to be searched for


class QueryError(PsgnewsError):
    """Raised when a search's words cannot be read: an unclosed quote, a stray `*`, no words."""


@dataclass(frozen=True)
class Filters:
    """What a search is limited to; None or "" means no limit."""

    since: datetime.date | None = None
    until: datetime.date | None = None
    section: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Result:
    """One file found: what it is, its date, title and path, and an excerpt, its words marked."""

    path: str
    kind: str
    series: str
    number: int
    date: str
    section: str
    title: str
    excerpt: str


def fts_query(words: str) -> str:
    """Return the FTS5 query that finds every one of `words`, or raise QueryError saying why not."""
    text = words.translate(_QUOTES)
    if text.count('"') % 2:
        raise QueryError('a " opens a phrase that is never closed: write "human rights"')
    terms: list[str] = []
    for index, part in enumerate(text.split('"')):
        if index % 2:  # inside quotes: a phrase
            if "*" in part:
                raise QueryError(f'"{part}": a * works only at the end of a word, not in a phrase')
            if _WORD.search(part):
                terms.append(_stemmed(part))
            continue
        for word in part.split():
            stem = word.removesuffix("*")
            if "*" in stem or not _WORD.search(stem):
                raise QueryError(f"{word!r}: a * works only at the end of a word, e.g. miner*")
            prefix = word.endswith("*")
            terms.append("{words}: " + _quoted(stem) + "*" if prefix else _stemmed(stem))
    if not terms:
        raise QueryError("nothing to search for: give a word or a phrase in quotes")
    return " AND ".join(terms)  # FTS5 takes no implicit AND after a parenthesis


def run(db: sqlite3.Connection, fts: str, filters: Filters, limit: int = 50) -> list[Result]:
    """Return the best `limit` results of query `fts` (made by `fts_query`) within `filters`.

    Ranked first on the index and `docs` alone, then excerpted: a column of `entries`
    is read through its view, whole row and all, which for a common word ("water",
    3,000 items) was most of a search's time; and only the rows shown need excerpts.
    """
    where = ["entries MATCH ?"]
    values: list[object] = [fts]
    if filters.since:
        where.append("docs.date >= ?")
        values.append(filters.since.isoformat())
    if filters.until:
        where.append("docs.date <= ?")
        values.append(filters.until.isoformat())
    if filters.section:
        where.append("docs.section = ? COLLATE NOCASE")
        values.append(filters.section)
    if filters.kind:
        where.append("docs.kind = ?")
        values.append(filters.kind)
    rank = f"bm25(entries, {', '.join(map(str, WEIGHTS))})"
    best = [
        row
        for (row,) in db.execute(
            f"SELECT entries.rowid FROM entries JOIN docs ON docs.id = entries.rowid"
            f" WHERE {' AND '.join(where)} ORDER BY {rank}, docs.date DESC LIMIT ?",
            (*values, limit),
        )
    ]
    excerpts = ", ".join(
        f"snippet(entries, {c}, '{MARK[0]}', '{MARK[1]}', '…', 14)" for c in (2, 1, 3)
    )
    found = db.execute(
        f"SELECT rowid, path, kind, series, number, date, section, title, {excerpts}"
        f" FROM entries WHERE entries MATCH ? AND rowid IN ({', '.join('?' * len(best))})",
        (fts, *best),
    )
    results = {row: _result(*columns) for row, *columns in found}
    return [results[row] for row in best]


def _result(*row: Any) -> Result:
    """Return the result of one row: its columns, then its body's and summary's excerpts."""
    path, kind, series, number, date, section, title, body, summary, words = row
    return Result(path, kind, series, number, date, section, title, _excerpt(body, summary, words))


def _excerpt(body: str, summary: str, words: str) -> str:
    """Return the first excerpt of the body, summary or all words that marks a word, on one line."""
    marked = [text for text in (body, summary, words) if MARK[0] in text]
    chosen = marked[0] if marked else summary or body
    return " ".join(chosen.split())


def bound(text: str, *, last: bool) -> datetime.date:
    """Return the first (or `last`) day of `text`: a year, a month (2009-06) or a day."""
    try:
        if re.fullmatch(r"\d{4}", text):
            return datetime.date(int(text), 12, 31) if last else datetime.date(int(text), 1, 1)
        if found := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(found[1]), int(found[2])
            start = datetime.date(year, month, 1)
            following = (start + datetime.timedelta(days=31)).replace(day=1)
            return following - datetime.timedelta(days=1) if last else start
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"{text!r} is not a date: write 2009, 2009-06 or 2009-06-05") from None


def _stemmed(text: str) -> str:
    """Return the FTS5 query of word or phrase `text` as either language stems it."""
    from psgnews.search import stems

    found = [_quoted(variant) for variant in stems.variants(text)]
    return STEMMED + (found[0] if len(found) == 1 else f"({' OR '.join(found)})")


def _quoted(text: str) -> str:
    """Return `text` as an FTS5 string: one word, or a phrase of the words it holds."""
    return '"' + text.strip().replace('"', '""') + '"'
