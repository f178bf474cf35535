"""Read an old article page (`news-article-785.html`): its heading, its date, its text as Markdown.

The page is a heading, the date, then the paragraphs, lists, links, emphasis
and images of the story, inside the old site's furniture: menus, a header and
footer, share buttons. The first heading outside that furniture is the title,
and the date must follow it, or the page is no article page. Every block of
text becomes the title, the dateline, a part of the body, or dropped furniture,
reported with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from psgnews.content import htmltree
from psgnews.legacy.datelines import STRAY, Dated, read_dateline
from psgnews.legacy.furniture import is_furniture
from psgnews.legacy.htmlpage import FURNITURE_TAGS, SKIPPED, is_furniture_element, is_menu
from psgnews.legacy.yamlfiles import escape_inline, escape_start

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PARAGRAPHS = frozenset({"p", "blockquote", "figcaption", "dd", "dt", "pre", "address"})
EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**", "code": "`"}
INLINE = frozenset({*EMPHASIS, "a", "span", "br", "font", "small", "u", "sup"})
DROPPED = "page furniture (dropped)"


@dataclass(frozen=True)
class Block:
    """One block of an article page: its line, kind, Markdown, plain text, and if furniture."""

    line: int
    kind: str  # "heading", "paragraph", "entry", "ordered", "image"
    markdown: str
    text: str
    furniture: bool
    src: str = ""  # an image's address as the page gives it


@dataclass
class ArticlePage:
    """What an article page says, and what became of each of its blocks."""

    source: str
    title: str
    line: int
    dated: Dated
    body: list[Block]
    folder: Path | None = None  # the mirror it is part of, where its images are looked for
    real: str = ""  # that mirror's real path, when known: worked out once for all its pages
    # What became of each block, as its line, role and text: tuples of plain values, which
    # Python's collector stops tracking, so that thousands of pages' accounts cost it nothing.
    roles: list[tuple[int, str, str]] = field(default_factory=list)
    body_at: tuple[int, ...] = ()  # the place in `roles` of each block of `body`
    notes: list[str] = field(default_factory=list)

    def set_role(self, block: Block, role: str) -> None:
        """Say that `block` of the body became `role` (the summary, an image dropped)."""
        for at, shown in zip(self.body_at, self.body, strict=True):
            if shown is block:
                self.roles[at] = (block.line, role, block.text)

    @property
    def summary(self) -> str:
        """Return the plain text of its first paragraph, the summary of an unlisted page."""
        return next((b.text for b in self.body if b.kind == "paragraph"), "")


def read_article(
    page: htmltree.Page, source: str, newsletter: str = "Update"
) -> ArticlePage | None:
    """Return the article the parsed `page` is, or None when no heading has a date after it."""
    walker = _Walker(page)
    walker.walk(page.root, furniture=False)
    blocks = walker.blocks
    shown = [i for i, b in enumerate(blocks) if not b.furniture]
    title_at = next((i for i in shown if blocks[i].kind == "heading"), None)
    date_at = next((i for i in shown if title_at is not None and i > title_at), None)
    if title_at is None or date_at is None:
        return None
    dated = read_dateline(blocks[date_at].text.lstrip(STRAY), newsletter)
    if not isinstance(dated, Dated):
        return None
    title = blocks[title_at]
    roles = [DROPPED] * len(blocks)
    roles[title_at], roles[date_at] = "title", "dateline"
    body = [i for i in range(date_at + 1, len(blocks)) if not _dropped(blocks[i])]
    for i in body:
        roles[i] = "body"
    article = ArticlePage(source, title.text, title.line, dated, [blocks[i] for i in body])
    article.body_at = tuple(body)
    article.notes += [
        f'{source}:{line}: link to {href} kept as its text only ("{text}")'
        for line, href, text in walker.links
    ]
    article.roles = [(b.line, role, b.text) for b, role in zip(blocks, roles, strict=True)]
    article.notes += [
        f'{source}:{line}: dropped page furniture: "{text}"'
        for line, role, text in article.roles
        if role == DROPPED
    ]
    return article


def walk_blocks(page: htmltree.Page) -> list[Block]:
    """Return every block of text and image of `page`, in order, furniture marked."""
    walker = _Walker(page)
    walker.walk(page.root, furniture=False)
    return walker.blocks


def _dropped(block: Block) -> bool:
    return block.furniture or (block.kind != "image" and is_furniture(block.text))


def markdown(blocks: list[Block]) -> str:
    """Return `blocks` as a Markdown body: paragraphs, headings, lists and images."""
    parts: list[str] = []
    for block in blocks:
        entry = block.kind in ("entry", "ordered")
        if entry and parts and parts[-1].startswith(("- ", "1. ")):
            parts[-1] += "\n" + _entry(block)
        else:
            parts.append(_entry(block) if entry else block.markdown)
    return "\n\n".join(parts) + "\n" if parts else ""


def _entry(block: Block) -> str:
    return f"{'1.' if block.kind == 'ordered' else '-'} {block.markdown}"


class _Walker:
    """The blocks of a page in document order, each in Markdown and as plain text.

    It is the import's busiest code after the parser (every element of thousands of
    pages): each element's name is taken once, its kind looked up in one dict, and
    an escape or a paragraph made only where there is text for it.
    """

    def __init__(self, page: htmltree.Page) -> None:
        self.page = page
        self.starts = page.starts
        self.blocks: list[Block] = []
        self.links: list[tuple[int, str, str]] = []  # the line, address and text of a link dropped

    def walk(self, element: Element, *, furniture: bool) -> None:
        """Add the blocks inside `element`; text directly in it makes paragraphs of its own."""
        loose: list[str] = []
        images: list[Element] = []
        if element.text:
            loose.append(escape_inline(element.text))
        start = (element, "text")  # where the loose text begins; its line looked up only if used
        for child in element:
            tag = htmltree.name(child)
            kind = _KINDS.get(tag, _OTHER)
            if kind is _INLINE:
                loose.append(self._inline(child, tag, images))
            elif kind is not _SKIPPED:
                inner = furniture or tag in FURNITURE_TAGS or _named(tag, child)
                if loose or images:
                    self._paragraph(loose, images, start, furniture)
                    loose, images = [], []
                if kind is _OTHER:
                    self.walk(child, furniture=inner)
                else:
                    self._block(tag, kind, child, inner)
                start = (child, "tail")
            if child.tail:
                loose.append(escape_inline(child.tail))
        if loose or images:
            self._paragraph(loose, images, start, furniture)

    def _block(self, tag: str, kind: str, element: Element, furniture: bool) -> None:
        line = self.starts.get(element, 0)
        if kind == "img":
            self._image(element, line, furniture)
            return
        images: list[Element] = []
        if kind == "list":
            menu = furniture or is_menu(element)
            entry_kind = "ordered" if tag == "ol" else "entry"
            for entry in (c for c in element if htmltree.name(c) == "li"):
                md = self._inline(entry, "li", images, top=True)
                self._add(self.starts.get(entry, 0), entry_kind, md, menu)
                self._images(images, menu)
            return
        md = self._inline(element, tag, images, top=True)
        heading = f"{'#' * min(int(tag[1]) + 1, 6)} " if kind == "heading" else ""
        self._add(line, kind, md, furniture, heading)
        self._images(images, furniture)

    def _images(self, images: list[Element], furniture: bool) -> None:
        for image in images:
            self._image(image, self.starts.get(image, 0), furniture)
        images.clear()

    def _image(self, element: Element, line: int, furniture: bool) -> None:
        src, alt = element.get("src") or "", " ".join((element.get("alt") or "").split())
        self.blocks.append(
            Block(line, "image", f"![{escape_inline(alt)}]({src})", alt, furniture, src)
        )

    def _add(self, line: int, kind: str, md: str, furniture: bool, heading: str = "") -> None:
        plain = _plain(md)
        squeezed = " ".join(md.split())
        text = squeezed if plain is md else " ".join(plain.split())
        if text:
            md = heading + squeezed if heading else escape_start(squeezed)
            self.blocks.append(Block(line, kind, md, text, furniture))

    def _paragraph(
        self, loose: list[str], images: list[Element], start: tuple[Element, str], furniture: bool
    ) -> None:
        md = "".join(loose)
        if md and not md.isspace():  # most loose text is the line breaks between blocks
            self._add(self.page.text_line(*start), "paragraph", md, furniture)
        self._images(images, furniture)

    def _inline(
        self, element: Element, tag: str, images: list[Element], *, top: bool = False
    ) -> str:
        """Return the Markdown of `element`'s text and inline markup; its images go to `images`."""
        text = element.text
        if len(element):
            out = [escape_inline(text)] if text else []
            for child in element:
                name = htmltree.name(child)
                if name == "img":
                    images.append(child)
                elif name and name not in SKIPPED and name not in ("ul", "ol"):
                    out.append(self._inline(child, name, images))
                if child.tail:
                    out.append(escape_inline(child.tail))
            inner = "".join(out)
        else:  # most elements hold text only: no list to join
            inner = escape_inline(text) if text else ""
        if top or not inner or inner.isspace():
            return inner
        mark = EMPHASIS.get(tag)
        if mark is not None:
            return f"{mark}{inner.strip()}{mark}" if tag != "code" else f"`{_plain(inner)}`"
        if tag == "a":
            href = element.get("href") or ""
            if href.startswith(("http://", "https://", "mailto:")):
                return f"[{inner.strip()}]({href})"
            if href:
                line = self.starts.get(element, 0)
                self.links.append((line, href, " ".join(_plain(inner).split())))
        return inner


def _named(tag: str, element: Element) -> bool:
    """Return whether `element`'s class or id makes it furniture (a test only where it has one)."""
    attrib = element.attrib
    return ("class" in attrib or "id" in attrib) and is_furniture_element(tag, element)


# What the walker does with each element, by its name: anything else is walked into.
_INLINE, _SKIPPED, _OTHER = "inline", "skipped", "other"
_KINDS: dict[str, str] = {
    **dict.fromkeys(INLINE, _INLINE),
    **dict.fromkeys(SKIPPED, _SKIPPED),
    "": _SKIPPED,  # a comment
    **dict.fromkeys(HEADINGS, "heading"),
    **dict.fromkeys(PARAGRAPHS, "paragraph"),
    "ul": "list",
    "ol": "list",
    "img": "img",
}


_MARKUP = re.compile(r"\\(.)|!?\[([^\]]*)\]\([^)]*\)|[*`]")


def _plain(md: str) -> str:
    """Return the words of Markdown `md` as the page showed them."""
    if "\\" not in md and "[" not in md and "*" not in md and "`" not in md:
        return md  # most paragraphs have no markup: spare them the substitution
    return _MARKUP.sub(lambda m: m[1] or m[2] or "", md)
