"""Write generated listing items as old pages, text or HTML, noting what each line must become.

Used by `legacy_pages`: each item is a `Piece`; furniture is a `Furniture`. The
renderers return the page and, for every line that holds text (a physical line
of a text page, a block of an HTML page), what the import must account it as.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

DUPLICATE = "duplicate (dropped)"
FURNITURE = "page furniture (dropped)"
CAPTION = "caption (dropped)"
FOOTER = (
    "© 2011 Peru Support Group. All rights reserved.",
    "Registered charity no. 0000000",
    "Peru Support Group, 52 Anywhere Street, London N1 9XX",
)
MENU = ("Home", "News", "Articles", "Join")


@dataclass(frozen=True)
class Piece:
    """One item as a page lists it."""

    path: str  # its file under issues/
    shape: str  # seed, caption, date-first or date-title
    title: str
    head: str  # its dateline as written, "" for a standing piece
    summary: str  # "" for a standing piece: its paragraphs are all body
    paragraphs: tuple[str, ...] = ()
    entries: tuple[str, ...] = ()
    caption: str = ""
    separator: str = ". "  # between the date and the title on one line
    wrap: bool = False  # a text page wraps its summary over several lines


@dataclass(frozen=True)
class Furniture:
    """A run of the site's own lines: at the top of a page, between items, or its footer."""

    where: str  # top, middle or footer
    page: int
    pages: int


Row = tuple[int, str, str]  # line, what it became, the file
Element = tuple[Piece, bool] | Furniture  # a piece, and whether it is a dropped copy


def _lines(piece: Piece) -> list[tuple[str, str]]:
    """Return the blocks of `piece` in page order, each with what it becomes."""
    blocks: list[tuple[str, str]] = []
    if piece.caption:
        blocks.append((piece.caption, CAPTION))
    if piece.shape == "date-first":
        blocks += [(piece.head, "dateline"), (piece.title, "title")]
    elif piece.shape == "date-title":
        blocks.append((f"{piece.head}{piece.separator}{piece.title}", "title"))
    else:
        blocks.append((piece.title, "title"))
        if piece.head:
            blocks.append((piece.head, "dateline"))
    if piece.summary:
        blocks.append((piece.summary, "summary"))
    blocks += [(p, "body") for p in piece.paragraphs]
    blocks += [(e, "list item") for e in piece.entries]
    return blocks


def render_text(elements: list[Element]) -> tuple[str, list[Row]]:
    """Return a plain-text page of `elements`, and what each of its lines becomes."""
    out: list[str] = []
    rows: list[Row] = []
    for element in elements:
        if isinstance(element, Furniture):
            for text in _text_furniture(element):
                out.append(text)
                rows.append((len(out), FURNITURE, ""))
            out.append("")
            continue
        piece, dropped = element
        for index, (text, became) in enumerate(_lines(piece)):
            if index == 0:
                physical = [f"  • {text}"]
            elif became == "list item":
                physical = [f"      • {text}"]
            elif became == "summary" and piece.wrap:
                physical = ["    " + line for line in textwrap.wrap(text, 64)]
            else:
                physical = [f"    {text}"]
            for line in physical:
                out.append(line)
                rows.append((len(out), _fate(became, dropped), f"issues/{piece.path}"))
            out.append("")
    return "\n".join(out) + "\n", rows


def render_html(elements: list[Element], *, implied_ends: bool) -> tuple[str, list[Row]]:
    """Return an HTML page of `elements`, and what each of its blocks becomes."""
    p_end, li_end = ("", "") if implied_ends else ("</p>", "</li>")
    out = ["<!DOCTYPE html>", '<html lang="en">', '<head><meta charset="utf-8">',
           "<title>News | Peru Support Group</title></head>", "<body>"]  # fmt: skip
    rows: list[Row] = []
    in_list = False
    for element in elements:
        if isinstance(element, Furniture):
            if element.where == "footer" and in_list:
                out.append("</ul>")
                in_list = False
            for line, has_text in _html_furniture(element, p_end):
                out.append(line)
                if has_text:
                    rows.append((len(out), FURNITURE, ""))
            continue
        if not in_list:
            out.append('<ul class="news">')
            in_list = True
        piece, dropped = element
        out.append("  <li>")
        for text, became in _lines(piece):
            if became == "list item" and not out[-1].startswith("      <li>"):
                out.append("    <ul>")
            shown = html.escape(text, quote=False)
            if became == "list item":
                out.append(f"      <li>{shown}{li_end}")
            elif became == "title":
                out.append(f"    <h3>{shown}</h3>")
            else:
                out.append(f"    <p>{shown}{p_end}")
            rows.append((len(out), _fate(became, dropped), f"issues/{piece.path}"))
        if piece.entries:
            out.append("    </ul>")
        out.append(f"  {li_end}")
    out += ["</ul>"] if in_list else []
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n", rows


def _fate(became: str, dropped: bool) -> str:
    return DUPLICATE if dropped and became != CAPTION else became


def _text_furniture(furniture: Furniture) -> list[str]:
    """Return the lines of a run of furniture on a text page."""
    of = f"Page {furniture.page} of {furniture.pages}"
    if furniture.where == "middle":
        return [of]
    pagination = "« Previous | Next »" if furniture.page > 1 else "Next »"
    if furniture.where == "top":
        return [pagination, of]
    return [pagination, of, *FOOTER]


def _html_furniture(furniture: Furniture, p_end: str) -> list[tuple[str, bool]]:
    """Return the lines of a run of furniture on an HTML page, each with whether it has text."""
    of = f"Page {furniture.page} of {furniture.pages}"
    if furniture.where == "middle":
        return [(f"  <p>{of}{p_end}", True)]
    if furniture.where == "top":
        menu = [(f'  <li><a href="/{n.lower()}">{n}</a></li>', True) for n in MENU]
        nav = '<nav><a href="/">Peru Support Group</a> › <a href="/news">News</a></nav>'
        return [(nav, True), ('<ul class="menu">', False), *menu, ("</ul>", False)]
    pagination = html.escape("« Previous | Next »", quote=False)
    footer = [(f"  <p>{line}{p_end}", True) for line in FOOTER]
    return [(f"<p>{pagination}{p_end}", True), (f"<p>{of}{p_end}", True), ("<footer>", False),
            *footer, ("</footer>", False)]  # fmt: skip
