"""What only the HTML email needs: the inbox preview line and email-ready fragments.

In an email every image and link must be absolute (a mail client has no base
URL), and Outlook for Windows sizes an image by its `width` attribute alone,
so article images get the web address of their email copy (published with the
web archive, `psgnews.render.images`) and a width that fits the column.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import markupsafe

from psgnews.content import htmltree
from psgnews.content.model import Issue
from psgnews.render import images, plaintext
from psgnews.render.images import COLUMN, TALLEST

PREVIEW_CHARS = 140
# Zero-width fillers after the preview line, so the inbox shows no body text after it.
PREVIEW_FILLER = "\u034f\u200c\u00a0" * 40
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]*\s+(?=[\"'‘“(]*[A-Z0-9¿¡])")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def preheader(issue: Issue) -> str:
    """Return the inbox preview: the issue's own, the editorial's first sentence, or the summary."""
    if issue.preview:
        return issue.preview
    editorial = plaintext.html_to_text(issue.editorial_html).body
    text = " ".join((editorial or issue.summary).split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= PREVIEW_CHARS:
        return first
    return first[:PREVIEW_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def absolute(issue: Issue, url: str) -> str:
    """Return `url` resolved against the issue's web page (mail clients have no base URL)."""
    return url if urlsplit(url).scheme else urljoin(issue.web_url, url)


def image_url(issue: Issue, src: str) -> str:
    """Return the absolute URL of the email copy of the image at `src` (or of `src` itself)."""
    image = issue.image(src)
    return absolute(issue, images.email_copy(image).name if image else src)


def image_width(issue: Issue, src: str) -> int:
    """Return the width to show an issue image at (what layouts copied before image_size call)."""
    return image_size(issue, src)[0]


def image_size(issue: Issue, src: str) -> tuple[int, int | None]:
    """Return the width and height to show an issue image at: within the column, `TALLEST` high."""
    image = issue.image(src)
    if image is None:
        return COLUMN, None
    width = min(image.width, COLUMN, image.width * TALLEST // image.height)
    return width, round(width * image.height / image.width)


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
    _scroll_tables(tree)
    return markupsafe.Markup(htmltree.serialise(tree))


def _scroll_tables(tree: Element) -> None:
    """Put each table in a box that scrolls sideways when the table is wider than the screen."""
    for parent in [e for e in tree.iter() if any(htmltree.name(c) == "table" for c in e)]:
        for index, child in enumerate(list(parent)):
            if htmltree.name(child) == "table":
                box = Element("div", {"class": "table-scroll"})
                box.tail, child.tail = child.tail, None
                parent.remove(child)
                box.append(child)
                parent.insert(index, box)


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
    width, height = image_size(issue, src) if not urlsplit(src).scheme else (COLUMN, None)
    attributes.pop("width", None)
    attributes.pop("height", None)
    style = f"display:block;width:100%;max-width:{width}px;height:auto;border:0;"
    size = {"width": str(width)} | ({"height": str(height)} if height else {})
    img.attrib = {"src": image_url(issue, src), **size, **attributes, "style": style}
