"""What WeasyPrint laid out on each page, read from its boxes: blocks of lines and pictures.

`psgnews.render.pdf.fit` judges the pages from this. It reads WeasyPrint's boxes by
their class names and attributes and imports nothing of WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from psgnews.content import htmltree

HYPHENS = ("-", "\u2010", "\u00ad")  # what a hyphenated line ends with
WHOLE = ("figure", "table")  # blocks laid out whole, never split by a page break


@dataclass
class Piece:
    """The part of one block of the flow laid out on one page."""

    element: Element
    page: int
    top: float
    bottom: float
    lines: int = 0
    hyphenated: list[bool] = field(default_factory=list)


@dataclass
class Page:
    """One page's pieces, in flow order, and where its text area ends."""

    pieces: list[Piece]
    top: float
    bottom: float  # above the footnotes, if any
    notes: list[Element] = field(default_factory=list)  # the notes set at its foot
    calls: list[Element] = field(default_factory=list)  # the notes its lines call

    @property
    def lines(self) -> int:
        """Return the lines of text in the page's flow."""
        return sum(piece.lines for piece in self.pieces)

    @property
    def empty(self) -> float:
        """Return the share of the text area left empty below the flow."""
        end = max((piece.bottom for piece in self.pieces), default=self.top)
        return max(self.bottom - end, 0) / max(self.bottom - self.top, 1)


def page(index: int, laid: Any) -> Page:
    """Return the flow of `laid` (a WeasyPrint page) as pieces, leaving out margins and notes."""
    box = laid._page_box  # WeasyPrint keeps the laid-out boxes there
    top = box.content_box_y()
    page = Page([], float(top), float(top + box.height))
    for child in box.children:
        kind = type(child).__name__
        if kind == "FootnoteAreaBox" and child.children:
            page.bottom = min(page.bottom, child.position_y)
            page.notes = [note.element for note in child.children]
        elif kind not in ("MarginBox", "FootnoteAreaBox"):
            page.pieces.extend(_pieces(index, child))
            page.calls.extend(_calls(child))
    return page


def _calls(box: Any) -> Iterator[Element]:
    """Yield the notes called in the lines under `box`."""
    if (note := getattr(box, "footnote", None)) is not None:
        yield note.element
    for child in getattr(box, "children", []):
        yield from _calls(child)


def _pieces(index: int, box: Any) -> Iterator[Piece]:
    """Yield the pieces of the flow under `box`: blocks of lines, and pictures."""
    element = getattr(box, "element", None)
    children = getattr(box, "children", [])
    bottom = box.position_y + box.margin_height()
    if element is not None and htmltree.name(element) in WHOLE:
        yield Piece(element, index, box.position_y, bottom, _lines(box))
        return
    lines = [c for c in children if type(c).__name__ == "LineBox"]
    if lines and element is not None:
        ends = [_text(line).rstrip().endswith(HYPHENS) for line in lines]
        yield Piece(element, index, box.position_y, bottom, len(lines), ends)
        return
    for child in children:
        marker = "::" in (getattr(child, "element_tag", "") or "")  # a list's bullet, say
        if type(child).__name__ not in ("LineBox", "TextBox", "InlineBox") and not marker:
            yield from _pieces(index, child)


def _lines(box: Any) -> int:
    """Return the lines of text inside `box`."""
    if type(box).__name__ == "LineBox":
        return 1
    return sum(_lines(child) for child in getattr(box, "children", []))


def _text(box: Any) -> str:
    """Return the text of an inline box and its descendants."""
    if type(box).__name__ == "TextBox":
        return str(box.text)
    return "".join(_text(child) for child in getattr(box, "children", []))
