"""Which copy of each original image every output uses: its name, pixel size and format.

No output shows an original. The email and the web archive show a copy the
width the layout shows it at on a 2× screen (the web pages also offer one half
as wide, through `srcset`); the PDF shows a copy of 300 dpi at the size it is
printed, served under the original's URL and attached to the PDF under the
original's name (see `psgnews.render.derive`, which makes them). This module
only names and measures them, from the `Image` loading described: the email
path imports no Pillow.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

import markupsafe

from psgnews.content import htmltree
from psgnews.core.paths import SERIES

if TYPE_CHECKING:
    from psgnews.content.model import Image, Issue, NewsItem

COLUMN = 552  # the 600 px email less its 24 px side padding
# The tallest a picture is shown in the email and on the web, in CSS px: an upright phone
# photo at the column's width (552 × 736) would fill a laptop's window and push the text below.
TALLEST = 420
EMAIL_WIDTH = 2 * COLUMN  # the email's and the web page's copy: the column on a 2× screen
SMALL_WIDTH = COLUMN  # the web page's smaller copy, for 1× screens
WEB_SIZES = "(max-width: 42rem) 100vw, 42rem"  # the web page's column (web.css)
PRINT_DPI = 300
CSS_DPI = 96  # WeasyPrint shows an image of no set size at 96 pixels to the inch
# The default layout's print.css: a 166 mm column (A4 less two 22 mm margins), lead images
# at most 110 mm tall; an image in a body is only as wide as the column.
PRINT_COLUMN_MM = 166.0
PRINT_LEAD_MM = 110.0
# An image within this many pixels of its copy's size is not resized: so the copy of a
# copy is the copy itself, and a PDF's attached images rebuild the same PDF.
SLACK = 2


@dataclass(frozen=True)
class Copy:
    """One copy of an original image, as an output uses it."""

    target: str  # "email" (the email and the web page), "small" (web srcset) or "print"
    name: str  # its path from the issue's folder; a print copy keeps the original's
    width: int
    height: int
    format: str  # "JPEG" or "PNG"


def copies(image: Image) -> tuple[Copy, ...]:
    """Return every copy of `image`: the email's, the smaller web one if any, the print one."""
    return (*web_copies(image), print_copy(image))


def web_copies(image: Image) -> tuple[Copy, ...]:
    """Return the copies the email and the web archive publish: the email's first."""
    found = [_scaled(image, "email", min(image.width, EMAIL_WIDTH))]
    if image.width > SMALL_WIDTH + SLACK:
        found.append(_scaled(image, "small", SMALL_WIDTH))
    return tuple(found)


def email_copy(image: Image) -> Copy:
    """Return the copy the email shows (and the web page's `src`)."""
    return web_copies(image)[0]


def print_copy(image: Image) -> Copy:
    """Return the copy the PDF shows: 300 dpi at its printed size, never more pixels than it has.

    The printed size is the one the layout gives the original (96 px to the inch,
    shrunk to fit the column and, for a lead image, 110 mm of height); a copy of
    more than 96 px to the inch shrinks to the same box, so it prints the same size.
    """
    mm = CSS_DPI / 25.4
    fit = min(1.0, PRINT_COLUMN_MM * mm / image.width)
    if not image.in_body:
        fit = min(fit, PRINT_LEAD_MM * mm / image.height)
    width = image.width * fit * PRINT_DPI / CSS_DPI
    name = local_name(image)
    if width + SLACK >= image.width:
        return Copy("print", name, image.width, image.height, _original_format(image))
    return Copy("print", name, round(width), _height(image, round(width)), _original_format(image))


def _scaled(image: Image, target: str, width: int) -> Copy:
    """Return the copy `target` of `image`, `width` pixels wide, named after the original."""
    if width + SLACK >= image.width:
        width = image.width
    stem, suffix = posixpath.splitext(local_name(image))
    kind = "JPEG" if image.kind == "photo" else "PNG"
    # The original's extension stays in the name, so two originals never share a copy.
    name = f"{stem}-{suffix[1:]}-{width}.{'jpg' if kind == 'JPEG' else 'png'}"
    return Copy(target, name, width, _height(image, width), kind)


def _height(image: Image, width: int) -> int:
    return max(1, round(image.height * width / image.width))


def local_name(image: Image) -> str:
    """Return the original's path from its issue's (or news items') folder: "images/protest.jpg".

    A series' items are a folder deeper than an issue's articles or the briefings.
    """
    parts = image.name.split("/")
    return "/".join(parts[3 if parts[1] == SERIES else 2 :])


def _original_format(image: Image) -> str:
    return "PNG" if image.name.lower().endswith(".png") else "JPEG"


def web_img(issue: Issue | NewsItem, src: str, alt: str) -> markupsafe.Markup:
    """Return the web page's <img> for the image at URL `src`: its copies, width and height."""
    attributes = {"src": src, "alt": alt}
    if (image := issue.image(src)) is not None:
        attributes = _web_attributes(image) | {"alt": alt}
    shown = " ".join(f'{k}="{htmltree.escape_attribute(v)}"' for k, v in attributes.items())
    return markupsafe.Markup(f"<img {shown}>")


def web_html(issue: Issue | NewsItem, html: str) -> markupsafe.Markup:
    """Return fragment `html` with each image of the issue (or news item) showing its web copies."""
    if "<img" not in html:
        return markupsafe.Markup(html)
    tree = htmltree.copy_of(htmltree.tree_of(html))
    for element in htmltree.elements(tree):
        if htmltree.name(element) == "img" and (image := issue.image(element.get("src", ""))):
            rest = {k: v for k, v in element.attrib.items() if k not in ("width", "height")}
            element.attrib = rest | _web_attributes(image)
    return markupsafe.Markup(htmltree.serialise(tree))


def _web_attributes(image: Image) -> dict[str, str]:
    """Return the attributes that show `image`'s web copies: src, srcset, sizes, width, height."""
    found = web_copies(image)
    main = found[0]
    attributes = {"src": main.name}
    if len(found) > 1:
        attributes["srcset"] = ", ".join(f"{c.name} {c.width}w" for c in reversed(found))
        attributes["sizes"] = WEB_SIZES
    return attributes | {"width": str(main.width), "height": str(main.height)}
