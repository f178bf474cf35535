"""Make the copies of the original images that the outputs use (`psgnews.render.images`).

Each copy is the original upright (its EXIF orientation applied), in sRGB,
resized to its copy's size and encoded with fixed settings, carrying no
metadata but an sRGB profile: no EXIF, XMP or IPTC, so no GPS position, camera
serial, time or software. An original that is already what its copy would be
(the right format and size, nothing in it but pixels and that profile) is
used as it is, so a copy's copy is itself: the PDF's attached images rebuild
the same PDF. The same original always gives the same bytes.

Copies are kept in the user's cache (`psgnews.core.cache`), keyed by the
original's digest, the copy's settings and psgnews's and Pillow's versions:
an unchanged image is never encoded twice.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psgnews.content import sandbox
from psgnews.core import cache, fingerprint
from psgnews.core.readfile import read_checked
from psgnews.render import budget, images
from psgnews.render.budget import EMAIL_IMAGE_BYTES as EMAIL_BYTES
from psgnews.render.imagefile import clean
from psgnews.render.images import Copy

if TYPE_CHECKING:
    from PIL.Image import Image as Pixels

    from psgnews.content.model import Image, Issue, NewsItem

# JPEG qualities tried in turn until the copy fits its budget: a photo fits at the first.
EMAIL_QUALITY = (82, 76, 70, 64, 58, 52, 46, 40)
PRINT_QUALITY = 82
log = logging.getLogger("psgnews")


def copies(root: Path, issue: Issue | NewsItem, targets: Iterable[str]) -> dict[Copy, bytes]:
    """Return the bytes of each copy of the issue's (or news item's) images for `targets`."""
    wanted = set(targets)
    found: dict[Copy, bytes] = {}
    for image in issue.images:
        todo = [c for c in images.copies(image) if c.target in wanted]
        found |= derived(root, image, todo)
    return found


def print_copies(root: Path, issue: Issue) -> dict[str, bytes]:
    """Return the print copy of each image of the issue, by the original's name from the root."""
    made = copies(root, issue, ["print"])
    return {image.name: made[images.print_copy(image)] for image in issue.images}


def web_copies(root: Path, issue: Issue | NewsItem) -> dict[str, bytes]:
    """Return the copies the email and the web page show, by their path from the issue's folder."""
    return {copy.name: data for copy, data in copies(root, issue, ["email", "small"]).items()}


def check(root: Path, issue: Issue) -> None:
    """Warn of each original holding a location, and of copies over their budgets (`check`)."""
    what = f"issue {issue.number}"
    for name in dict.fromkeys(images.local_name(i) for i in issue.images if i.located):
        log.warning("%s: GPS position in %s: removed from every output", what, name)
    if issue.images:
        budget.check_email_images(what, web_copies(root, issue))
        # Each image is in the PDF twice: shown on its page, and attached as a source.
        shown = sum(2 * len(data) for data in print_copies(root, issue).values())
        budget.check_pdf(what, shown, images_only=True)


def derived(root: Path, image: Image, wanted: Sequence[Copy]) -> dict[Copy, bytes]:
    """Return the bytes of each of `wanted`, copies of `image` (of the project at `root`)."""
    found: dict[Copy, bytes] = {}
    for copy in wanted:
        kept = cache.recall(root, _entry(image, copy), _key(image, copy))
        if isinstance(kept, bytes):
            found[copy] = kept
    if missing := [c for c in wanted if c not in found]:
        # Read safely, and only as loading checked it: no file put in its place since.
        made = make(read_checked(root / image.name, image.digest, sandbox.MAX_BYTES), missing)
        for copy, data in made.items():
            cache.keep(root, _entry(image, copy), _key(image, copy), data)
        found |= made
    return found


def _entry(image: Image, copy: Copy) -> str:
    """Return the cache entry of `copy`: one per original and target, replaced when they change."""
    return f"image-{hashlib.sha256(image.name.encode()).hexdigest()[:20]}-{copy.target}"


def _key(image: Image, copy: Copy) -> str:
    return f"{image.digest} {copy} {_code()}"


@functools.cache
def _code() -> str:
    """Return the fingerprint of psgnews's code and the libraries' versions (Pillow's too)."""
    return fingerprint.digest_of(fingerprint.versions())


def make(data: bytes, wanted: Sequence[Copy]) -> dict[Copy, bytes]:
    """Return each of `wanted` made from the original `data`, which is decoded at most once."""
    made = {copy: data for copy in wanted if _fit_as_is(data, copy)}
    if todo := sorted((c for c in wanted if c not in made), key=lambda c: -c.width):
        upright = _upright(data, todo[0])
        for copy in todo:
            made[copy] = encode(upright, copy)
    return made


def _fit_as_is(data: bytes, copy: Copy) -> bool:
    """Return whether `data` already is what `copy` would be: its size, format and nothing else."""
    from PIL import Image as Pillow

    if copy.format == "JPEG" and copy.target != "print" and len(data) > EMAIL_BYTES:
        return False
    if not clean(data, copy.format, srgb_profile()):
        return False
    with Pillow.open(io.BytesIO(data)) as opened:
        return opened.size == (copy.width, copy.height)


def _upright(data: bytes, largest: Copy) -> Pixels:
    """Return the original's pixels upright and in sRGB, decoded at no less than `largest`'s."""
    from PIL import Image as Pillow
    from PIL import ImageOps

    with Pillow.open(io.BytesIO(data)) as opened:
        if opened.format == "JPEG":
            size = (largest.width, largest.height)
            turned = opened.getexif().get(0x0112) in (5, 6, 7, 8)
            # Decoded at 1/2, 1/4 or 1/8 scale when that still covers the largest copy.
            opened.draft(opened.mode, size[::-1] if turned else size)
        upright = ImageOps.exif_transpose(opened)
        return _srgb(upright)


def _srgb(image: Pixels) -> Pixels:
    """Return `image` in sRGB, 8 bits per channel: L, LA, RGB or RGBA."""
    from PIL import ImageCms

    profile = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v / 257).convert("L")
    elif image.mode == "P" or image.mode == "PA":
        image = image.convert("RGBA" if _transparent(image) else "RGB")
    elif image.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    if profile and image.mode in ("RGB", "RGBA", "CMYK") and not _is_srgb(profile):
        alpha = image.getchannel("A") if image.mode == "RGBA" else None
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        colour = image.convert("RGB") if alpha is not None else image
        converted = ImageCms.profileToProfile(colour, source, _srgb_cms(), outputMode="RGB")
        assert converted is not None  # None only when converting in place
        image = converted
        if alpha is not None:
            image.putalpha(alpha)
    elif image.mode == "CMYK":
        image = image.convert("RGB")
    image.info = {}
    return image


def _transparent(image: Pixels) -> bool:
    return "transparency" in image.info or image.mode == "PA"


def _is_srgb(profile: bytes) -> bool:
    """Return whether an ICC profile is an sRGB one (by its description, as browsers do not)."""
    from PIL import ImageCms

    try:
        described = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))
    except (OSError, ImageCms.PyCMSError):
        return True  # a profile lcms cannot read: its numbers are taken as they are
    return "srgb" in described.lower()


def encode(upright: Pixels, copy: Copy) -> bytes:
    """Return `copy` of the upright sRGB pixels `upright`, with fixed encoder settings."""
    from PIL import Image as Pillow

    pixels = upright
    if pixels.size != (copy.width, copy.height):
        pixels = pixels.resize(
            (copy.width, copy.height), Pillow.Resampling.LANCZOS, reducing_gap=3.0
        )
    if copy.format == "PNG":
        return _save(pixels, "PNG", compress_level=9)
    pixels = _flattened(pixels)
    progressive = copy.target != "print"  # the email shows a progressive JPEG as it arrives
    qualities = EMAIL_QUALITY if copy.target != "print" else (PRINT_QUALITY,)
    for quality in qualities:
        data = _save(pixels, "JPEG", quality=quality, optimize=True, progressive=progressive)
        if len(data) <= EMAIL_BYTES:
            break
    return data


def _flattened(image: Pixels) -> Pixels:
    """Return `image` without transparency, on white (the page), for a JPEG."""
    from PIL import Image as Pillow

    if image.mode not in ("LA", "RGBA"):
        return image
    flat = Pillow.new(image.mode[:-1], image.size, 255 if image.mode == "LA" else (255, 255, 255))
    flat.paste(image.convert(image.mode[:-1]), mask=image.getchannel("A"))
    return flat


def _save(image: Pixels, form: str, **options: Any) -> bytes:
    """Return `image` encoded as `form`, with only an sRGB profile (for colour images)."""
    out = io.BytesIO()
    image.info = {}  # nothing of the original's travels with the pixels
    if image.mode in ("RGB", "RGBA"):
        options["icc_profile"] = srgb_profile()
    if form == "JPEG" and image.mode == "RGB":
        options["subsampling"] = "4:2:0"
    image.save(out, form, **options)
    return out.getvalue()


@functools.cache
def srgb_profile() -> bytes:
    """Return the sRGB profile every colour copy carries, the same bytes on every build."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # lcms stamps the profile with the time it was made: a fixed date keeps copies repeatable.
    data[24:36] = (2000).to_bytes(2, "big") + bytes([0, 1, 0, 1]) + bytes(6)
    return bytes(data)


@functools.cache
def _srgb_cms() -> Any:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(io.BytesIO(srgb_profile()))
