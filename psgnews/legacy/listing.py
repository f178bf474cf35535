"""Read the Group's old news listings (plain text or HTML) into items.

A listing is a bulleted list of items. Each item has a title (the bullet),
then an "Update 119. 31 January 2007" line, a bare date, or neither, then
paragraphs and perhaps a bulleted list of its own:

      • Cocaine Figures Up

        Update 118. 30 November 2006

        In its latest report (November 2006), ...

Both forms are first turned into the same `Line`s (see legacy_html), so one
grammar reads them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from psgnews.content import htmltree
from psgnews.errors import ImportFailedError
from psgnews.legacy import htmlpage
from psgnews.legacy.htmlpage import Line, Link

BULLET = re.compile(r"^(\s*)[•◦▪‣·*-]\s+(.*)$")
NESTED_INDENT = 3  # a bullet indented more than two spaces is a list inside the item above
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
UPDATE = re.compile(r"Update\s+(\d+)\s*[.,:;–—-]?\s*(.*)", re.IGNORECASE)


@dataclass
class Item:
    """One entry of a listing, where it starts, and what it says."""

    source: str
    line: int
    title: str
    number: int | None = None
    date: datetime.date | None = None
    blocks: list[Line] = field(default_factory=list)
    readable: bool = True  # False when its dateline was not understood: it goes nowhere


@dataclass(frozen=True)
class Unread:
    """A line of a listing the importer does not understand, and why."""

    source: str
    line: int
    text: str
    why: str

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f'{self.source}:{self.line}: not understood: {self.why}: "{shown}"'


@dataclass
class Listing:
    """Everything read from one listing file."""

    source: str
    items: list[Item] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_listing(path: Path, display: str) -> Listing:
    """Read the listing at `path` (text or HTML) into items and the lines not understood."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ImportFailedError(f"{display}: cannot read: {e.strerror}") from e
    html = path.suffix.lower() in (".html", ".htm") or raw.lstrip().startswith(b"<")
    text, encoding = _decode(raw, display, html)
    lines, links = htmlpage.lines(text) if html else (text_lines(text), [])
    listing = Listing(display, links=links)
    if encoding:
        listing.notes.append(f"{display}: not UTF-8; read as {encoding}, as the page declares")
    _read_items(listing, lines)
    return listing


def _decode(raw: bytes, display: str, html: bool) -> tuple[str, str | None]:
    """Return the text of `raw`, and the encoding used when it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        encoding = htmltree.declared_encoding(raw) if html else None
        if encoding and encoding != "utf-8":
            try:
                return raw.decode(encoding), encoding
            except (LookupError, UnicodeDecodeError):
                pass
        line = raw.count(b"\n", 0, e.start) + 1
        raise ImportFailedError(
            f"{display}:{line}: not UTF-8 (byte 0x{raw[e.start]:02x}); "
            "save the page as UTF-8 and import it again"
        ) from e


def text_lines(text: str) -> list[Line]:
    """Return the blocks of a plain-text listing; wrapped lines are joined."""
    lines: list[Line] = []
    open_block = False
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = " ".join(raw.split())  # as in titles and summaries: no-break spaces too
        bullet = BULLET.match(raw.expandtabs(4))
        if not stripped:
            open_block = False
        elif bullet:
            nested = len(bullet[1]) >= NESTED_INDENT
            lines.append(Line(number, "bullet" if nested else "title", bullet[2].strip()))
            open_block = True
        elif open_block and not _dated(stripped):
            last = lines[-1]
            lines[-1] = Line(last.number, last.kind, f"{last.text} {stripped}")
        else:
            lines.append(Line(number, "text", stripped))
            open_block = not _dated(stripped)
    return lines


def _read_items(listing: Listing, lines: list[Line]) -> None:
    item: Item | None = None
    for line in lines:
        if line.kind == "title":
            item = Item(listing.source, line.number, line.text)
            listing.items.append(item)
        elif item is None:
            listing.unread.append(_unread(listing, line, "text outside any item"))
        elif not item.blocks and item.date is None and _dated(line.text):
            _read_dateline(listing, item, line)
        elif (update := UPDATE.fullmatch(line.text)) and parse_date(update[2]):
            why = "an Update line after the item's text (is a bullet missing?)"
            listing.unread.append(_unread(listing, line, why))
        else:
            item.blocks.append(line)


def _read_dateline(listing: Listing, item: Item, line: Line) -> None:
    update = UPDATE.fullmatch(line.text)
    date = parse_date(update[2] if update else line.text)
    if date is None:
        listing.unread.append(_unread(listing, line, "not a date 'D Month YYYY'"))
        item.readable = False
        return
    item.date = date
    item.number = int(update[1]) if update else None


def _dated(text: str) -> bool:
    return bool(UPDATE.match(text) or DATE.fullmatch(text))


def parse_date(text: str) -> datetime.date | None:
    """Return the date written as "31 January 2007" (or "31st Jan. 2007"), else None."""
    match = DATE.fullmatch(text.strip())
    month = MONTHS.get(match[2].lower()) if match else None
    if match is None or month is None:
        return None
    try:
        return datetime.date(int(match[3]), month, int(match[1]))
    except ValueError:
        return None


def _unread(listing: Listing, line: Line, why: str) -> Unread:
    return Unread(listing.source, line.number, line.text, why)
