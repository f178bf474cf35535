"""Read a WordPress export (WXR 1.1 or 1.2): each published post an item, the rest skipped.

A published post (`wp:post_type` post, `wp:status` publish) becomes a dated
item: its title, its excerpt or else first paragraph as the summary, its
whole content as the Markdown body, its categories and tags as tags. Its footnotes
(the `[ref]`, `[efn_note]`, `[footnote]` and `((...))` shortcodes of the
footnote plugins, and the notes written as HTML: `htmlnotes`) become Markdown
footnotes, and its `[caption]` shortcodes
figures with their captions, both of which `pelican-import` loses; the images
a post shows are copied from a mirror of the site when one is given
(`psgnews.legacy.joined`). Drafts,
revisions, pages, attachments and everything else are reported and skipped.
The XML is parsed with entity declarations refused: an export is someone
else's file.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from psgnews.content import htmltree
from psgnews.content.dates import Dateline
from psgnews.core.errors import ImportFailedError
from psgnews.legacy.article import Block, walk_blocks
from psgnews.legacy.article import markdown as markdown_of
from psgnews.legacy.datelines import Dated
from psgnews.legacy.htmlnotes import take_notes
from psgnews.legacy.htmlpage import Line
from psgnews.legacy.listing import Item, Unread

WP = re.compile(r"http://wordpress\.org/export/1\.[12]/")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = re.compile(r"\{http://wordpress\.org/export/1\.[12]/excerpt/\}encoded")
NOTE = re.compile(r"\[(ref|efn_note|footnote)\](.*?)\[/\1\]|\(\((.*?)\)\)", re.DOTALL)
CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.DOTALL)
DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
CALL = "WXRNOTE{}END"  # stands for a note's call while the HTML becomes Markdown
DEFAULT_CATEGORY = "Uncategorized"  # WordPress's name for a post given no category


@dataclass(frozen=True)
class Skipped:
    """An entry of the export that is not a published post, and why."""

    line: int
    title: str
    why: str


@dataclass
class Export:
    """What a WordPress export holds: the items of its posts, and the entries skipped."""

    source: str
    items: list[Item] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    # The images its posts show, each with its post: looked for in the mirrors given.
    shown: list[tuple[Item, Block]] = field(default_factory=list)
    mirrors: list[Path] = field(default_factory=list)  # the mirror folders its images may be in


def is_export(raw: bytes) -> bool:
    """Return whether `raw` begins like a WordPress export (its namespace in the first 4 KB)."""
    return WP.search(raw[:4096].decode("utf-8", "replace")) is not None


def read_export(raw: bytes, source: str) -> Export:
    """Return the posts of the WordPress export `raw` as items, or raise ImportFailedError."""
    root, lines = _parse(raw, source)
    wp = WP.search(raw[:4096].decode("utf-8", "replace"))
    ns = wp[0] if wp else ""
    export = Export(source)
    for entry in root.iter("item"):
        line, title = lines.get(entry, 0), " ".join((entry.findtext("title") or "").split())
        kind, status = entry.findtext(f"{{{ns}}}post_type"), entry.findtext(f"{{{ns}}}status")
        if kind != "post" or status != "publish":
            what = kind or "entry"
            a = "an" if what[:1] in "aeiou" else "a"
            why = f"{a} {what} ({status or 'no status'}), not a published post"
            export.skipped.append(Skipped(line, title, why))
            continue
        export.items.append(_item(entry, ns, source, line, title, export))
    return export


def _parse(raw: bytes, source: str) -> tuple[Element, dict[Element, int]]:
    """Return the tree of `raw` and the line of each element; refuse a document type.

    Entities can be declared, and so expanded a billion times or read from
    files, only in a document type declaration, which no export has.
    """
    if DOCTYPE.search(raw):
        raise ImportFailedError(f"{source}: declares a document type, which no export does")
    lines: dict[Element, int] = {}
    parser: XMLPullParser[Element] = XMLPullParser(events=("start",))
    events = cast("Callable[[], Iterator[tuple[str, object]]]", parser.read_events)
    try:
        for number, line in enumerate(raw.splitlines(keepends=True), start=1):
            parser.feed(line)
            for _, element in events():
                if isinstance(element, Element):
                    lines[element] = number
        parser.close()
    except ParseError as e:
        raise ImportFailedError(f"{source}:{e.position[0]}: not well-formed XML ({e})") from e
    if not lines:
        raise ImportFailedError(f"{source}: holds no XML element")
    return next(iter(lines)), lines  # the first element started is the root


def _item(entry: Element, ns: str, source: str, line: int, title: str, export: Export) -> Item:
    """Return the item of the published post `entry`."""
    item, notes = Item(source, line, title), export.notes
    posted = entry.findtext(f"{{{ns}}}post_date") or ""
    try:
        day = datetime.date.fromisoformat(posted[:10])
    except ValueError:
        item.readable = False
        export.unread.append(Unread(source, line, title, f'a post with no date ("{posted}")'))
        return item
    item.set_date(Dated(Dateline(day)))
    html, calls = _footnotes(_captions(_paragraphs(entry.findtext(CONTENT) or "")))
    try:
        page = htmltree.parse_page(html + _block_notes(entry, ns, f"{source}:{line}", notes))
    except htmltree.TooDeep as e:
        item.readable = False
        export.unread.append(Unread(source, line, title, f"its content: {e}"))
        return item
    calls += _html_notes(page, len(calls) + 1, f"{source}:{line}", notes)
    blocks = [b for b in walk_blocks(page) if not b.furniture]
    export.shown += [(item, b) for b in blocks if b.kind == "image"]
    excerpt = next((e.text for e in entry if EXCERPT.fullmatch(e.tag) and e.text), "").strip()
    first = next((b for b in blocks if b.kind == "paragraph"), None)
    summary = " ".join(excerpt.split()) or (first.text if first else "")
    item.blocks.append(Line(line, "text", _unmarked(summary, calls)))
    body = markdown_of(blocks)  # the whole text, as an article page's: the notes' calls too
    for number in range(1, len(calls) + 1):
        body = body.replace(CALL.format(number), f"[^{number}]")
    if calls:
        body += "\n" + "".join(f"[^{n}]: {note}\n" for n, note in enumerate(calls, start=1))
    item.body = body
    item.tags = _tags(entry)
    return item


def _block_notes(entry: Element, ns: str, at: str, notes: list[str]) -> str:
    """Return the block editor's notes of the post, kept in its meta, as the list it shows."""
    for meta in entry.iter(f"{{{ns}}}postmeta"):
        if meta.findtext(f"{{{ns}}}meta_key") != "footnotes":
            continue
        try:
            found = json.loads(meta.findtext(f"{{{ns}}}meta_value") or "")
        except ValueError as e:
            notes.append(f"{at}: the block editor's footnotes cannot be read ({e})")
            return ""
        entries = [n for n in found if isinstance(n, dict)] if isinstance(found, list) else []
        return '<ol class="wp-block-footnotes">{}</ol>'.format(
            "".join(
                f'<li id="{htmltree.escape_attribute(str(n.get("id", "")))}">'
                f"{n.get('content', '')}</li>"
                for n in entries
            )
        )
    return ""


def _html_notes(page: htmltree.Page, first: int, at: str, notes: list[str]) -> list[str]:
    """Return the notes written as HTML in `page`, their calls marked; report those alone."""
    found = take_notes(page.root, CALL.format, first)
    notes.extend(
        f"{at}: footnote call {label} has no note; its number is kept as text"
        for label in found.no_note
    )
    notes.extend(
        f'{at}: a footnote no call links to, kept as a paragraph at the end: "{text}"'
        for text in found.no_call
    )
    return found.texts


def _tags(entry: Element) -> tuple[str, ...]:
    """Return the post's categories and tags, in order, each once, without WordPress's default."""
    names = (" ".join((c.text or "").split()) for c in entry.findall("category"))
    return tuple(dict.fromkeys(n for n in names if n and n != DEFAULT_CATEGORY))


def _paragraphs(html: str) -> str:
    """Return WordPress content with its blank-line paragraphs made `<p>`s, as WordPress does."""
    if "<p" in html.lower():
        return html
    return "".join(f"<p>{part}</p>" for part in re.split(r"\n\s*\n", html) if part.strip())


def _captions(html: str) -> str:
    """Return `html` with each `[caption]` shortcode a figure: its image, then its caption."""

    def figure(match: re.Match[str]) -> str:
        inner = match[1]
        image = re.search(r"<img[^>]*>", inner)
        caption = (inner[: image.start()] + inner[image.end() :]) if image else inner
        shown = re.sub(r"</?a\b[^>]*>", "", image[0]) if image else ""
        return f"<figure>{shown}<figcaption>{caption.strip()}</figcaption></figure>"

    return CAPTION.sub(figure, html)


def _footnotes(html: str) -> tuple[str, list[str]]:
    """Return `html` with each footnote's call marked, and the notes' text, in order."""
    notes: list[str] = []

    def call(match: re.Match[str]) -> str:
        text = match[2] if match[2] is not None else match[3]
        notes.append(" ".join(re.sub(r"<[^>]+>", "", text).split()))
        return CALL.format(len(notes))

    return NOTE.sub(call, html), notes


def _unmarked(text: str, notes: list[str]) -> str:
    """Return a summary's text without the calls of its notes."""
    for number in range(1, len(notes) + 1):
        text = text.replace(CALL.format(number), "")
    return " ".join(text.split())
