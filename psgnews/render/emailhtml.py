"""What only the HTML email needs: the inbox preview line and email-ready fragments.

In an email every image and link must be absolute (a mail client has no base
URL), and Outlook for Windows sizes an image by its `width` attribute alone,
so article images get their web address and a width that fits the column.
"""

from __future__ import annotations

import re
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
    image = issue.image(src)
    return min(image.width or COLUMN, COLUMN) if image else COLUMN


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
