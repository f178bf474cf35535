"""Account for every line of every page: what it became, and in which file.

A text page gives one entry per non-blank line (each line of a wrapped
paragraph too), an HTML page one per block of text, at its first line. Each
entry says what the line became: a field of an item (title, dateline, summary,
body, list item), a drop (caption, page furniture, duplicate), or not understood
and why. `psgnews import --report FILE` writes the account as CSV.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from psgnews.legacy.htmlpage import Line
from psgnews.legacy.listing import Item, Listing

if TYPE_CHECKING:
    from psgnews.legacy.wxr import Export

DUPLICATE = "duplicate (dropped)"
HEADER = ("page", "line", "became", "file", "text")
FIELDS = frozenset({"title", "dateline", "summary", "body", "list item"})
# A cell a spreadsheet would read as a formula (OWASP's CSV injection rule); spaces
# before the sign do not stop every spreadsheet from evaluating it.
FORMULA = re.compile(r"[\t\r\n]| *[=+\-@]")


@dataclass(frozen=True)
class Entry:
    """One line of a page and what it became: a field of the file named, a drop, or unread.

    A file of a mirror that is not read is one entry too, with line 0 (none).
    """

    page: str
    line: int
    became: str
    file: str  # under issues/, or "" when the line went to no file
    text: str


def account(
    listings: list[Listing], files: Mapping[int, str], fates: Mapping[int, str]
) -> list[Entry]:
    """Return an entry for each line of `listings`, in page order.

    `files` names the file each imported item went to, `fates` what became of
    each item not imported (a copy dropped, or not understood), by the item's id.
    """
    entries: list[Entry] = []
    for listing in listings:
        found = [(line, became, "") for line, became in listing.loose]
        for item in listing.items:
            file = files.get(id(item), "")
            fate = fates.get(id(item))
            for line, became in _roles(item, standing=file.startswith("issues/_standing/")):
                if fate is not None and became in FIELDS:
                    became = fate
                found.append((line, became, file))
        entries.extend(_entries(listing.source, found))
    return entries


def pages(items: list[Item], files: Mapping[int, str], fates: Mapping[int, str]) -> list[Entry]:
    """Return an entry for each block of the article page of each of `items`, in page order."""
    entries: list[Entry] = []
    for item in items:
        if item.page is None:
            continue
        file, fate, source = files.get(id(item), ""), fates.get(id(item)), item.page.source
        found = [
            Entry(source, line, fate if fate and role in FIELDS else role, file, text)
            for line, role, text in item.page.roles
        ]
        found.sort(key=lambda entry: entry.line)
        entries += found
    return entries


def exports(found: list[Export], files: Mapping[int, str], fates: Mapping[int, str]) -> list[Entry]:
    """Return an entry for each entry of each WordPress export: a post imported, or skipped."""
    entries: list[Entry] = []
    for export in found:
        for item in export.items:
            became = fates.get(id(item)) or ("post" if item.readable else "not understood")
            entries.append(
                Entry(export.source, item.line, became, files.get(id(item), ""), item.title)
            )
        entries += [
            Entry(export.source, s.line, f"skipped: {s.why}", "", s.title) for s in export.skipped
        ]
        entries.sort(key=lambda e: (e.page, e.line))
    return entries


def _roles(item: Item, *, standing: bool) -> Iterator[tuple[Line, str]]:
    """Yield each line of `item` with the field it went to (or its own fate)."""
    yield from item.marks
    for index, block in enumerate(item.blocks):
        if block.kind == "bullet":
            yield block, "list item"
        else:
            yield block, "summary" if index == 0 and not standing else "body"


def _entries(page: str, found: list[tuple[Line, str, str]]) -> list[Entry]:
    entries = [
        Entry(page, number, became, file, text)
        for line, became, file in found
        for number, text in line.physical
    ]
    entries.sort(key=lambda entry: entry.line)
    return entries


def csv_text(entries: list[Entry]) -> str:
    """Return `entries` as CSV, one row each under the header page,line,became,file,text."""
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: rows end in CRLF, and a CR or LF in a cell is quoted
    writer.writerow(HEADER)
    writer.writerows(
        (_cell(e.page), e.line or "", _cell(e.became), _cell(e.file), _cell(e.text))
        for e in entries
    )
    return out.getvalue()


def _cell(text: str) -> str:
    """Return `text` as a CSV cell no spreadsheet evaluates: a formula's sign after a quote."""
    return f"'{text}" if FORMULA.match(text) else text
