"""Turn a listing saved as HTML into the same blocks as its plain-text form.

An outer `<li>` is an item: its first block of text is the title, the later
ones its paragraphs. An `<li>` inside it is an entry of the item's own list.
Paragraphs, headings, `<div>`s and `<br>`s separate blocks; a block after a
single `<br>` is marked as joined, as a wrapped line of its paragraph. Inline markup is
reduced to its text; each link is returned so that its address can be reported.
The text of a `<nav>`, of a list whose entries are each one short link
(Home, News, Articles, Join), of share buttons, widgets and comments, and,
outside the items, of a `<header>`, `<footer>` or `<aside>` and of the old
templates' header, footer, menu and sidebar (`<div id="sidebar">`), is page
furniture: its blocks are marked so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal
from xml.etree.ElementTree import Element

from psgnews.content import htmltree

SKIPPED = frozenset({"head", "script", "style", "template", "noscript", "title"})
BLOCKS = frozenset({
    "p", "div", "br", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "dl", "dt", "dd", "table", "tr", "td", "th", "section", "article", "header",
    "footer", "nav", "main", "aside", "hr", "pre", "figure", "figcaption",
})  # fmt: skip
FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "button", "iframe"})
PART_TAGS = frozenset({"nav", "form", "button", "iframe"})  # furniture within an item too
STATES = ("has-", "with-", "no-", "show-", "hide-")
# Class or id of the old sites' share buttons, widgets and comments: never the news.
PARTS = r"share|social|sharing|comment|related|widget"
# And of their templates' menus, headers, sidebars and footers, around the news.
FURNITURE_NAMES = re.compile(rf"{PARTS}|menu|navbar|breadcrumb|sidebar|footer|header", re.I)
PART_NAMES = re.compile(PARTS, re.IGNORECASE)
SHORT_LINK = 25  # characters: a menu entry (Home, News, Join us), not a linked headline
Kind = Literal["title", "text", "bullet", "furniture"]


@dataclass(frozen=True)
class Line:
    """One block of a listing, text or HTML: an item's title, a paragraph, or a list entry."""

    number: int
    kind: Kind
    text: str
    # The page's lines (number, text as written) it was made of, when not just (number, text).
    sources: tuple[tuple[int, str], ...] = ()
    joined: bool = False  # it follows the block before it across one `<br>`: a wrapped line

    @property
    def physical(self) -> tuple[tuple[int, str], ...]:
        """Return each line of the page this block was made of: its number and its text."""
        return self.sources or ((self.number, self.text),)


@dataclass(frozen=True)
class Link:
    """A link of the HTML listing, kept in the import as its text only."""

    line: int
    href: str
    text: str


def lines(html: str) -> tuple[list[Line], list[Link]]:
    """Return the blocks of an HTML listing and the links found in it.

    The page is parsed as a browser parses it, so an item ends where the next
    begins even without its `</li>`.
    """
    return lines_of(htmltree.parse_page(html))


def lines_of(page: htmltree.Page) -> tuple[list[Line], list[Link]]:
    """Return the blocks of the parsed HTML listing `page` and the links found in it."""
    reader = _ListingReader(page)
    reader.read(page.root)
    reader.flush()
    return reader.blocks, reader.links


class _ListingReader:
    def __init__(self, page: htmltree.Page) -> None:
        self.page = page
        self.blocks: list[Line] = []
        self.links: list[Link] = []
        self.depth = 0  # how many <li> we are inside
        self.blocks_in_li: list[int] = []  # blocks flushed so far in each open <li>
        self.text: list[str] = []
        self.start_line = 0
        self.link: tuple[int, str, list[str]] | None = None
        self.furniture: list[Element] = []  # the open <nav>s and menus
        self.breaks = -1  # <br>s since the last block; -1 after any other block's edge

    def read(self, element: Element) -> None:
        """Read the content of `element`, in document order, leaving out what is not shown."""
        self.data(element.text, self.page.text_line(element, "text"))
        for child in element:
            tag = htmltree.name(child)
            if tag and tag not in SKIPPED:
                self.start(tag, child)
                self.read(child)
                self.end(tag, child)
            self.data(child.tail, self.page.text_line(child, "tail"))

    def start(self, tag: str, element: Element) -> None:
        if tag in BLOCKS:
            self.flush()
            self.breaks = self.breaks + 1 if tag == "br" and self.breaks >= 0 else -1
            if (tag in ("ul", "ol") and is_menu(element)) or is_furniture_element(
                tag, element, parts_only=self.depth > 0
            ):
                self.furniture.append(element)
            if tag == "li":
                self.depth += 1
                self.blocks_in_li.append(0)
        elif tag == "a":
            self.link = (self.page.line(element), element.get("href") or "", [])

    def end(self, tag: str, element: Element) -> None:
        if tag in BLOCKS and tag != "br":
            self.flush()
            self.breaks = -1
            if self.furniture and self.furniture[-1] is element:
                self.furniture.pop()
            if tag == "li" and self.depth:
                self.depth -= 1
                self.blocks_in_li.pop()
        elif tag == "a" and self.link is not None:
            line, href, words = self.link
            if href:
                self.links.append(Link(line, href, " ".join(" ".join(words).split())))
            self.link = None

    def data(self, data: str | None, line: int) -> None:
        if not data or not data.strip():
            return
        if not self.text:  # the first text of the block (all text gathered is more than spaces)
            before = data[: len(data) - len(data.lstrip())]
            self.start_line = line + before.count("\n")
        self.text.append(data)
        if self.link is not None:
            self.link[2].append(data)

    def flush(self) -> None:
        """Close the block of text being gathered, if there is one."""
        text = " ".join("".join(self.text).split())
        self.text = []
        if not text:
            return
        joined, self.breaks = self.breaks == 1, 0
        if self.furniture:
            self.blocks.append(Line(self.start_line, "furniture", text))
            return
        kind: Kind = "text"
        if self.depth == 1 and self.blocks_in_li[-1] == 0:
            kind = "title"
        elif self.depth >= 2 and self.blocks_in_li[-1] > 0:
            last = self.blocks[-1]
            sources = (*last.physical, (self.start_line, text))
            self.blocks[-1] = Line(last.number, last.kind, f"{last.text} {text}", sources)
            return
        elif self.depth >= 2:
            kind = "bullet"
        if self.depth:
            self.blocks_in_li[-1] += 1
        self.blocks.append(Line(self.start_line, kind, text, joined=joined))


def is_furniture_element(tag: str, element: Element, *, parts_only: bool = False) -> bool:
    """Return whether `element` (named `tag`) is the site's furniture by its tag, class or id.

    With `parts_only`, within a listing's item, only share buttons, widgets and
    comments are: an item's own header is its title.
    """
    by_tag = tag in (PART_TAGS if parts_only else FURNITURE_TAGS)
    written = f"{element.get('class') or ''} {element.get('id') or ''}"
    if by_tag or written == " ":  # most elements have neither class nor id
        return by_tag
    return _furniture_names(written, parts_only)


@functools.lru_cache(maxsize=4096)  # a site's templates give the same few names on every page
def _furniture_names(written: str, parts_only: bool) -> bool:
    """Return whether the class and id `written` name furniture (only parts, with `parts_only`)."""
    # A state a wrapper is in ("has-sidebar", "no-comments") says nothing of what it holds.
    names = " ".join(n for n in written.split() if not n.lower().startswith(STATES))
    return bool((PART_NAMES if parts_only else FURNITURE_NAMES).search(names))


def is_menu(element: Element) -> bool:
    """Return whether the list `element` has two entries or more, each only one short link."""
    entries = [child for child in element if htmltree.name(child) == "li"]
    return len(entries) >= 2 and all(_only_a_short_link(entry) for entry in entries)


def _only_a_short_link(entry: Element) -> bool:
    links = [e for e in htmltree.elements(entry) if htmltree.name(e) == "a"]
    text = " ".join(htmltree.text(entry).split())
    return (
        len(links) == 1
        and 0 < len(text) <= SHORT_LINK
        and text == " ".join(htmltree.text(links[0]).split())
    )
