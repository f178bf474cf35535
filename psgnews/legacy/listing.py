"""Read the Group's old news listings (plain text or HTML) into items.

A listing is a bulleted list of items. Each item has a title (the bullet),
then a dateline ("Update 119. 31 January 2007", "Peru News 065. 31 May 2011",
a bare date or month, or none), then paragraphs and perhaps a list of its own:

      • Cocaine Figures Up

        Update 118. 30 November 2006

        In its latest report (November 2006), ...

The date may come first, the title after it (or on its line: "24 September
2016. Court absolves protesters"); a picture's caption may come before the
title, which then sits between it and the dateline. Page furniture (see
`furniture`) is dropped wherever it stands. Both forms are first turned into
the same `Line`s (see `htmlpage`), so one grammar reads them; every line ends
in an item's field, a reported drop, or an `Unread`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from psgnews.content import htmltree
from psgnews.content.dates import Dateline
from psgnews.core.errors import ImportFailedError, UnreadableFileError
from psgnews.core.readfile import read_regular
from psgnews.legacy import htmlpage, textpage
from psgnews.legacy.datelines import (
    EMPTY_DATE,
    MONTHS,
    STRAY,
    Dated,
    leading_date,
    parse_date,
    read_bare_number,
    read_dateline,
    split_date_title,
)
from psgnews.legacy.furniture import is_furniture
from psgnews.legacy.htmlpage import Line, Link
from psgnews.legacy.pagefile import decode, is_html

if TYPE_CHECKING:
    from psgnews.legacy.article import ArticlePage

__all__ = ["MONTHS", "Item", "Listing", "Unread", "parse_date", "read_listing"]

CAPTION = "caption (dropped)"
FURNITURE = "page furniture (dropped)"


NOT_WORD = re.compile(r"[\W_]+")


def plain(title: str) -> str:
    """Return `title` as titles are compared: its words, lower-case, without punctuation."""
    return NOT_WORD.sub(" ", title.casefold()).strip()


@dataclass
class Item:
    """One entry of a listing, where it starts, and what it says."""

    source: str
    line: int
    title: str
    number: int | None = None
    date: datetime.date | None = None  # its dateline's first day
    months: int = 0  # 0: dated by day; else how many months its dateline spans
    series: str | None = None  # another numbered series ("Peru News"); None: the newsletter
    blocks: list[Line] = field(default_factory=list)
    # Its lines that are not in `blocks`, each with what it became (title, dateline, ...).
    marks: list[tuple[Line, str]] = field(default_factory=list)
    readable: bool = True  # False when its dateline was not understood: it goes nowhere
    written: tuple[str, str] = ("", "")  # its date and number as the page wrote them
    place: int = 0  # among the news items of its day, in the order the pages gave (0: alone)
    body: str | None = None  # Markdown of its article page's text, the body instead of blocks[1:]
    images: list[tuple[str, Path, bytes]] = field(default_factory=list)  # path under issues/
    page: ArticlePage | None = None  # its article page, when one was found
    tags: tuple[str, ...] = ()  # a WordPress post's categories and tags
    bare: bool = False  # its number was written with no series name ("102. 29 February 2004")
    title_pending: bool = False  # its date came first: the next block is its title

    @property
    def plain_title(self) -> str:
        """Return the title as titles are compared: its words, lower-case, no punctuation."""
        return plain(self.title)

    @property
    def dateline(self) -> Dateline | None:
        """Return the item's date at the precision the page gave it."""
        return None if self.date is None else Dateline(self.date, self.months)

    def set_date(self, dated: Dated) -> None:
        """Take the date, number and series a dateline gives."""
        self.date, self.months = dated.date.first, dated.date.months
        self.number, self.series = dated.number, dated.series
        self.written = (dated.written, dated.number_written)


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
    loose: list[tuple[Line, str]] = field(default_factory=list)  # lines of no item: their fate


def read_listing(
    path: Path,
    display: str,
    newsletter: str = "Update",
    *,
    raw: bytes | None = None,
    tree: htmltree.Page | None = None,
) -> Listing:
    """Read the listing at `path` (text or HTML; its `raw` bytes, its `tree` if read) into items."""
    try:
        raw = read_regular(path) if raw is None else raw
    except UnreadableFileError as e:
        raise ImportFailedError(f"{display}: cannot read: it {e.reason}") from e
    except OSError as e:
        raise ImportFailedError(f"{display}: cannot read: {e.strerror}") from e
    html = is_html(path, raw)
    text, encoding = decode(raw, display, html)
    try:
        tree = tree or (htmltree.parse_page(text) if html else None)
    except htmltree.TooDeep as e:
        raise ImportFailedError(f"{display}:{e.line}: {e}; psgnews does not import it") from None
    lines, links = htmlpage.lines_of(tree) if tree else (textpage.lines(text, newsletter), [])
    listing = Listing(display, links=links)  # not its tree: kept, 3,000 trees slow every GC
    if encoding:
        listing.notes.append(f"{display}: not UTF-8; read as {encoding}, as the page declares")
    _Reader(listing, newsletter).read(lines)
    return listing


class _Reader:
    """The grammar of a listing: its lines, in order, into items, drops and unread lines."""

    def __init__(self, listing: Listing, newsletter: str) -> None:
        self.listing = listing
        self.previous: Line | None = None  # the item's last paragraph, if it was the last line
        self.newsletter = newsletter

    def read(self, lines: list[Line]) -> None:
        """Read every line of the listing."""
        item: Item | None = None
        for line in lines:
            self.previous = item.blocks[-1] if item is not None and item.blocks else None
            if line.kind == "furniture" or is_furniture(line.text):
                self.listing.loose.append((line, FURNITURE))
                self.listing.notes.append(
                    f'{self.listing.source}:{line.number}: dropped page furniture: "{line.text}"'
                )
            elif line.kind == "title":
                item = self.start(line)
            elif item is None:
                self.unread(line, "text outside any item")
            else:
                self.add(item, line)
        for pending in (i for i in self.listing.items if i.title_pending):
            date = pending.marks[0][0]
            pending.readable = False
            self.unread(date, "a date with no title after it", pending)
        for empty in (i for i in self.listing.items if i.readable and i.date == EMPTY_DATE):
            self.redate(empty)

    def redate(self, item: Item) -> None:
        """Date `item`, dated by the old site's empty date, by its text's first date, or refuse."""
        index, line = next((n, m[0]) for n, m in enumerate(item.marks) if m[1] == "dateline")
        day = next((d for b in item.blocks if (d := leading_date(b.text))), None)
        if day is None:
            del item.marks[index]
            item.readable = False
            why = f"{line.text} is the old site's empty date, and the item's text gives no date"
            self.unread(line, why, item)
            return
        item.date, item.months = day, 0
        self.listing.notes.append(
            f'{item.source}:{line.number}: "{line.text}" is the old site\'s empty date;'
            f" dated {day} by its text"
        )

    def start(self, line: Line) -> Item:
        """Return the item `line` begins: its title, or its date with the title to follow."""
        item = Item(self.listing.source, line.number, line.text)
        self.listing.items.append(item)
        dated = read_dateline(line.text, self.newsletter)
        unstopped = line.text.lstrip(STRAY)
        if not isinstance(dated, Dated) and unstopped != line.text:
            dated = read_dateline(unstopped, self.newsletter)
            if isinstance(dated, Dated):
                stray = line.text[: len(line.text) - len(unstopped)]
                self.listing.notes.append(
                    f'{item.source}:{line.number}: dropped a stray "{stray}" before the date'
                    f' "{unstopped}"'
                )
        if isinstance(dated, Dated):
            item.set_date(dated)
            item.title, item.title_pending = "", True
            item.marks.append((line, "dateline"))
        elif split := split_date_title(line.text):
            item.set_date(Dated(split[0]))
            item.title = split[1]
            item.marks.append((line, "title"))
        else:
            item.marks.append((line, "title"))
        return item

    def add(self, item: Item, line: Line) -> None:
        """Add `line` to `item`: its title, its dateline, or its text."""
        dated = read_dateline(line.text, self.newsletter) if line.kind == "text" else None
        if dated is None and line.kind == "text" and not item.blocks and item.date is None:
            dated = read_bare_number(line.text)
            item.bare = dated is not None
        if self.continues(item, line, dated):
            last = item.blocks[-1]
            item.blocks[-1] = Line(last.number, last.kind, f"{last.text} {line.text}",
                                   (*last.physical, *line.physical))  # fmt: skip
        elif item.title_pending and dated is None:
            # "24 September 2016" / ". Court absolves ...": the title never starts with the stop
            item.title, item.title_pending = line.text.lstrip(".,:;–—- ") or line.text, False
            item.marks.append((line, "title"))
        elif not item.blocks and item.date is None and dated is not None:
            self.dateline(item, line, dated)
        elif self.after_caption(item, dated):
            titled = next(i for i, (_, became) in enumerate(item.marks) if became == "title")
            caption = item.marks.pop(titled)[0]
            title = item.blocks.pop()
            self.listing.notes.append(
                f"{item.source}:{caption.number}: dropped a picture caption (the picture"
                f' is not in the page): "{caption.text}"'
            )
            item.title, item.line = title.text, title.number
            item.marks += [(caption, CAPTION), (title, "title")]
            self.dateline(item, line, dated)
        elif isinstance(dated, Dated) and dated.number is not None:
            name = dated.series or self.newsletter
            a = "an" if name[:1].lower() in "aeiou" else "a"
            self.unread(line, f"{a} {name} line after the item's text (is a bullet missing?)", item)
        else:
            item.blocks.append(line)

    def continues(self, item: Item, line: Line, dated: Dated | str | None) -> bool:
        """Return whether `line` goes on the paragraph before it, across an HTML `<br>`."""
        return (
            line.joined
            and dated is None
            and bool(item.blocks)
            and item.blocks[-1] is self.previous
            and item.blocks[-1].kind == line.kind == "text"
        )

    def dateline(self, item: Item, line: Line, dated: Dated | str | None) -> None:
        """Take `item`'s date from `line`, or report why it cannot be read."""
        if isinstance(dated, Dated):
            item.set_date(dated)
            item.marks.append((line, "dateline"))
        else:
            self.unread(line, str(dated), item)
            item.readable = False

    @staticmethod
    def after_caption(item: Item, dated: Dated | str | None) -> bool:
        """Return whether a dateline after one paragraph shows the item's title was a caption."""
        return (
            isinstance(dated, Dated)
            and item.date is None
            and not item.title_pending
            and len(item.blocks) == 1
            and item.blocks[0].kind == "text"
        )

    def unread(self, line: Line, why: str, item: Item | None = None) -> None:
        """Report `line` as not understood, and account for it so."""
        self.listing.unread.append(Unread(self.listing.source, line.number, line.text, why))
        mark = (line, f"not understood: {why}")
        (item.marks if item is not None else self.listing.loose).append(mark)
