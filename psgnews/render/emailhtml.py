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

import markupsafe

from psgnews.content.model import Issue
from psgnews.render import plaintext

COLUMN = 552  # the 600 px email less its 24 px side padding
PREVIEW_CHARS = 140
# Zero-width fillers after the preview line, so the inbox shows no body text after it.
PREVIEW_FILLER = "\u034f\u200c\u00a0" * 40
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]*\s+(?=[\"'‘“(]*[A-Z0-9¿¡])")
_IMG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'\s([a-z-]+)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"#][^"]*)(")')


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
    html = headings_from(top, html)
    html = _HREF.sub(
        lambda m: m[1] + absolute(issue, markupsafe.Markup(m[2]).unescape()) + m[3], html
    )
    return markupsafe.Markup(_IMG.sub(lambda m: _email_img(issue, m[1]), html))


def headings_from(top: int, html: str) -> str:
    """Return `html` with its headings moved up or down so the highest is an h`top`.

    A body's headings sit under the article's h2, whatever level the editor began at.
    """
    levels = [int(level) for _, level in _HEADING.findall(html)]
    if not levels:
        return html
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}", html)


def _email_img(issue: Issue, attributes: str) -> str:
    attrs = {name: markupsafe.Markup(value).unescape() for name, value in _ATTR.findall(attributes)}
    src = attrs.pop("src", "")
    width = image_width(issue, src) if not urlsplit(src).scheme else COLUMN
    attrs.pop("width", None)
    attrs.pop("height", None)
    style = f"display:block;width:100%;max-width:{width}px;height:auto;border:0;"
    parts = [f'src="{markupsafe.escape(absolute(issue, src))}"', f'width="{width}"']
    parts += [f'{name}="{markupsafe.escape(value)}"' for name, value in attrs.items()]
    return f'<img {" ".join(parts)} style="{style}">'


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
