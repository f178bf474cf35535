"""Check the images an issue shows: alt text, and originals every output can be made from.

Readers of the email meet an image through its alt text when their mail
client blocks images, and screen-reader users always do. Each original is
opened with Pillow and decoded once while checking, so a truncated file, a
file whose content does not match its name or an HEIC photo is refused here,
with the article and the file named, before anything is rendered or written.
"""

from __future__ import annotations

import functools
import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from psgnews.content import htmltree
from psgnews.core.readfile import open_regular

if TYPE_CHECKING:
    from psgnews.content.yamlread import Document, Loc

EXAMPLE = "e.g. ![Protesters outside Congress](images/protest.jpg)"
# A4 at 600 dpi is 35 Mpx: more is a decompression bomb, not a photo for a newsletter.
MAX_PIXELS = 40_000_000
# The originals psgnews takes: formats every output can use, and that it writes its copies in.
ACCEPTED = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
GRAPHIC_COLOURS = 256  # a PNG of no more colours is a graphic: its copies stay PNG
HEIC = (
    "an HEIC photo, which email clients and the PDF cannot show: convert it to JPEG "
    "(on a Mac, open it in Preview and choose File > Export > JPEG; on Linux, "
    "`heif-convert photo.heic photo.jpg`; an iPhone saves JPEGs with "
    "Settings > Camera > Formats > Most Compatible)"
)
SVG = (
    "an SVG drawing: psgnews does not rasterise SVG, which most email clients do not show; "
    "export it as a PNG at least 1104 px wide (e.g. `rsvg-convert -w 1104 map.svg -o map.png`)"
)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


@dataclass(frozen=True)
class Facts:
    """What an accepted original is, as its copies need to know."""

    format: str  # "JPEG" or "PNG"
    width: int  # in pixels, as shown: its EXIF orientation applied
    height: int
    kind: str  # "photo" (JPEG copies) or "graphic" (a PNG of few colours: PNG copies)
    located: bool  # it holds a GPS position


def images(html: str) -> list[dict[str, str]]:
    """Return the attributes of every <img> in an HTML fragment."""
    tree = htmltree.tree_of(html)
    return [dict(e.attrib) for e in htmltree.elements(tree) if htmltree.name(e) == "img"]


def check_body(doc: Document, markdown: str, folder: Path) -> None:
    """Add to `doc` a problem for each image of body `markdown` without alt text or a fit file.

    Whether its file may be read is `psgnews.content.sandbox`'s to say.
    """
    if "![" not in markdown and "<img" not in markdown.lower():
        return  # most bodies have no image: no need to render them to find none
    for image in _shown(markdown):
        src = image.get("src") or ""
        if not (image.get("alt") or "").strip():
            message = f"image '{src}' has no alt text; write what it shows, {EXAMPLE}"
            doc.add_near(("body",), src, message)
    check_files(doc, ("body",), markdown, folder)


def check_files(doc: Document, loc: Loc, markdown: str, folder: Path) -> None:
    """Add to `doc` a problem for each image file of `markdown` (at `loc`) no output can use."""
    if "![" not in markdown and "<img" not in markdown.lower():
        return
    for src in dict.fromkeys(image.get("src") or "" for image in _shown(markdown)):
        path = local_file(folder, src)
        if path is not None and isinstance(why := examine(path), str):
            doc.add_near(loc, src, f"image '{src}': {why}")


def _shown(markdown: str) -> list[dict[str, str]]:
    # Imported here, not above: the PDF renderer's process imports this module for `unreadable`.
    from psgnews.content import markup

    return images(markup.for_check(markdown))


def local_file(folder: Path, src: str) -> Path | None:
    """Return the file of `folder` an <img src> names, as the PDF renderer resolves it, or None.

    None for a data: or remote URL, or a path that leaves `folder` or names no file.
    """
    if not src or urlsplit(src).scheme or src.startswith("/"):
        return None
    path = Path(unquote(urlsplit(urljoin(folder.as_uri() + "/", src)).path)).resolve()
    return path if path.is_relative_to(folder.resolve()) and path.is_file() else None


def examine(path: Path) -> Facts | str:
    """Return what the original image at `path` is, or why no output can be made from it."""
    info = path.stat()
    return _examine(path, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=256)
def _examine(path: Path, mtime: int, size: int) -> Facts | str:
    """Return `examine`'s answer for `path` as it was at `mtime` and `size`."""
    with open_regular(path) as f:
        head = f.read(1024)
    found = sniff(head)
    suffix = path.suffix.lower()
    if found == "HEIC" or suffix in (".heic", ".heif"):
        return HEIC
    if found == "SVG" or suffix == ".svg":
        return SVG
    expected = ACCEPTED.get(suffix)
    if expected is None:
        what = f"a {found} image" if found else f"a '{suffix or path.name}' file"
        return f"{what}: psgnews takes JPEG (photos) and PNG (graphics); save it as one of those"
    if found is None:
        return f"not an image: its content is not {expected}, nor any image format"
    if found != expected:
        return f"holds {found} data, but its name says {expected}: save it as {expected}"
    return _decoded(path)


def sniff(head: bytes) -> str | None:
    """Return the format the first bytes of a file announce, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIC"
    signatures = {b"GIF8": "GIF", b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"BM": "BMP"}
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    found = next((name for sig, name in signatures.items() if head.startswith(sig)), None)
    if found is None and b"<svg" in head.lstrip(b"\xef\xbb\xbf \t\r\n").lower():
        return "SVG"
    return found


def _decoded(path: Path) -> Facts | str:
    """Decode the image at `path` (JPEGs at 1/8 scale: every byte is still read) and describe it."""
    from PIL import Image  # only when an issue has an image

    try:
        with _quiet(), Image.open(path) as opened:
            width, height = opened.size
            if (why := _over_limit(width, height)) is not None:
                return why
            exif = opened.getexif()
            if opened.format == "JPEG":
                opened.draft(opened.mode, (width // 8, height // 8))
            opened.load()
            kind = "photo" if opened.format == "JPEG" else _png_kind(opened)
            xmp = opened.info.get("xmp") or b""
            turned = exif.get(0x0112) in (5, 6, 7, 8)  # the orientations that turn it a quarter
            located = bool(exif.get_ifd(0x8825)) or b"GPSLatitude" in _bytes(xmp)
    except Image.DecompressionBombError:
        return f"over the limit of {MAX_PIXELS:,} pixels (scale the image down)"
    except Exception as e:  # Pillow raises many kinds on damaged data
        return f"truncated or damaged ({_why(e)}): save or export it again"
    if turned:
        width, height = height, width
    return Facts(str(opened.format), width, height, kind, located)


def _png_kind(image: Any) -> str:
    """Return "graphic" for a PNG of few colours (a chart, a logo), else "photo"."""
    if image.mode in ("1", "P", "L"):
        return "graphic"
    if image.mode not in ("RGB", "RGBA", "LA"):
        return "photo"  # 16 bits a channel: a scan or a render, not a chart
    return "graphic" if image.getcolors(GRAPHIC_COLOURS) is not None else "photo"


def _bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def _why(error: Exception) -> str:
    text = str(error).split("\n")[0]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@contextmanager
def _quiet() -> Iterator[None]:
    """Make Pillow fail on a truncated file or broken metadata; hush its own pixel warning.

    WeasyPrint, once imported (as in a pool worker that has made a PDF), tells
    Pillow to load truncated images: a check must not depend on that.
    """
    from PIL import Image, ImageFile

    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            # Damaged metadata (UserWarning "Corrupt EXIF data"): its orientation and
            # location cannot be known, so the file is refused, not half read.
            warnings.simplefilter("error", UserWarning)
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated


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
    return _over_limit(width, height)


def _over_limit(width: int, height: int) -> str | None:
    """Return why an image of `width` × `height` pixels is refused, or None: the one pixel rule."""
    if width * height > MAX_PIXELS:
        return f"{width}×{height} pixels, over the limit of {MAX_PIXELS:,} (scale the image down)"
    return None
