"""What only the HTML email needs: the inbox preview line and email-ready fragments.

In an email every image and link must be absolute (a mail client has no base
URL), and Outlook for Windows sizes an image by its `width` attribute alone,
so article images get their web address and a width that fits the column.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import markupsafe

from psgnews.content import htmltree
from psgnews.content.model import Issue
from psgnews.render import plaintext

COLUMN = 552  # the 600 px email less its 24 px side padding
PREVIEW_CHARS = 140
# Zero-width fillers after the preview line, so the inbox shows no body text after it.
PREVIEW_FILLER = "\u034f\u200c\u00a0" * 40
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]*\s+(?=[\"'‘“(]*[A-Z0-9¿¡])")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def preheader(issue: Issue) -> str:
    """Return the inbox preview line: the editorial's first sentence, else the issue summary."""
    editorial = plaintext.html_to_text(issue.editorial_html).body
    text = " ".join((editorial or issue.summary).split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= PREVIEW_CHARS:
        return first
    return first[:PREVIEW_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def absolute(issue: Issue, url: str) -> str:
    """Return `url` resolved against the issue's web page (mail clients have no base URL)."""
    return url if urlsplit(url).scheme else urljoin(issue.web_url, url)


def image_width(issue: Issue, src: str) -> int:
    """Return the width to show an issue image at: its own, or the column's if wider."""
    path = (issue.folder / src).resolve()
    width = pixel_width(path) if path.is_relative_to(issue.folder.resolve()) else None
    return min(width or COLUMN, COLUMN)


def fragment(issue: Issue, html: str, top: int = 3) -> markupsafe.Markup:
    """Return a fragment with absolute links, images sized for the column, headings from h`top`."""
    tree = htmltree.copy_of(htmltree.tree_of(html))
    headings_from(top, tree)
    for element in htmltree.elements(tree):
        tag = htmltree.name(element)
        if tag == "a" and (href := element.get("href")) and not href.startswith("#"):
            element.set("href", absolute(issue, href))
        elif tag == "img":
            _email_img(issue, element)
    return markupsafe.Markup(htmltree.serialise(tree))


def headings_from(top: int, tree: Element) -> None:
    """Move the headings of `tree` up or down so the highest is an h`top`.

    A body's headings sit under the article's h2, whatever level the editor began at.
    """
    headings = [e for e in htmltree.elements(tree) if htmltree.name(e) in HEADINGS]
    if not headings:
        return
    shift = top - min(int(e.tag[1]) for e in headings)
    for heading in headings:
        heading.tag = f"h{min(int(heading.tag[1]) + shift, 6)}"


def _email_img(issue: Issue, img: Element) -> None:
    """Give `img` its web address and the width Outlook shows it at, before its other attributes."""
    attributes = dict(img.attrib)
    src = attributes.pop("src", "")
    width = image_width(issue, src) if not urlsplit(src).scheme else COLUMN
    attributes.pop("width", None)
    attributes.pop("height", None)
    style = f"display:block;width:100%;max-width:{width}px;height:auto;border:0;"
    img.attrib = {"src": absolute(issue, src), "width": str(width), **attributes, "style": style}


def pixel_width(path: Path) -> int | None:
    """Return the pixel width written in a PNG, GIF or JPEG file's header, or None."""
    try:
        with path.open("rb") as f:
            head = f.read(64 * 1024)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
        return int(struct.unpack(">I", head[16:20])[0])
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        return int(struct.unpack("<H", head[6:8])[0])
    if head.startswith(b"\xff\xd8"):
        return _jpeg_width(head)
    return None


def _jpeg_width(data: bytes) -> int | None:
    at = 2
    while at + 9 < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        length = int(struct.unpack(">H", data[at + 2 : at + 4])[0])
        # Start-of-frame markers carry the size; C4, C8 and CC are other tables.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int(struct.unpack(">H", data[at + 7 : at + 9])[0])
        at += 2 + length
    return None
