"""Check the images an article body shows: each needs alt text and, if local, its file.

Readers of the email meet an image through its alt text when their mail
client blocks images, and screen-reader users always do.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from psgnews.content import htmltree

if TYPE_CHECKING:
    from psgnews.content.yamlread import Document

EXAMPLE = "e.g. ![Protesters outside Congress](images/protest.jpg)"


def images(html: str) -> list[dict[str, str]]:
    """Return the attributes of every <img> in an HTML fragment."""
    tree = htmltree.tree_of(html)
    return [dict(e.attrib) for e in htmltree.elements(tree) if htmltree.name(e) == "img"]


def check_body(doc: Document, markdown: str) -> None:
    """Add to `doc` a problem for each image of Markdown `markdown` without alt text.

    Whether its file may be read is `psgnews.content.sandbox`'s to say.
    """
    if "![" not in markdown and "<img" not in markdown.lower():
        return  # most bodies have no image: no need to render them to find none
    # Imported here, not above: the PDF renderer's process imports this module for `unreadable`.
    from psgnews.content import markup

    for image in images(markup.for_check(markdown)):
        src = image.get("src") or ""
        if not (image.get("alt") or "").strip():
            message = f"image '{src}' has no alt text; write what it shows, {EXAMPLE}"
            doc.add_near(("body",), src, message)


# A4 at 600 dpi is 35 Mpx: more is a decompression bomb, not a photo for a newsletter.
MAX_PIXELS = 40_000_000


def unreadable(image: Path | bytes) -> str | None:
    """Return why the image (a file, or its bytes) cannot go into the PDF, or None if it can.

    Only the image's header is read: its size is known before its pixels are.
    """
    from PIL import Image  # only when an issue has an image

    try:
        with warnings.catch_warnings():
            # Ours is the lower limit: Pillow's warning past its own would only repeat it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            source = io.BytesIO(image) if isinstance(image, bytes) else image
            with Image.open(source) as opened:
                width, height = opened.size
    except Image.DecompressionBombError:
        return f"over the limit of {MAX_PIXELS:,} pixels (scale the image down)"
    except OSError as e:
        return f"not a readable image ({type(e).__name__}: Pillow cannot identify it)"
    if width * height > MAX_PIXELS:
        return f"{width}×{height} pixels, over the limit of {MAX_PIXELS:,} (scale the image down)"
    return None
