"""The files an issue is made from and the images it shows, described once, while loading.

Renderers take a file's digest or an image's size in pixels from these
descriptions, not from the disk. Only the PDF renderer reads bytes: those of
the files described here, through WeasyPrint's URL fetcher.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from psgnews.content import imagecheck
from psgnews.content.model import Article, Image, SourceFile

# The SHA-256 of a file, read once per run (fingerprint.SourceDigests).
Digest = Callable[[Path], str]


def source(root: Path, name: str, digest: Digest) -> SourceFile:
    """Return the description of the file `name` (its path from `root`)."""
    path = root / name
    return SourceFile(name, digest(path), path.stat().st_size)


def images(root: Path, folder: Path, srcs: Iterable[str], digest: Digest) -> tuple[Image, ...]:
    """Return the images of `folder` at the URLs `srcs`, once each; skip other URLs.

    Each URL is resolved as the PDF renderer resolves it (percent-escapes
    decoded, links followed), so both name the same file.
    """
    real = folder.resolve()
    prefix = folder.relative_to(root).as_posix()
    found: dict[str, Image] = {}
    for src in srcs:
        if src in found or not is_local(src):
            continue
        path = Path(unquote(urlsplit(urljoin(folder.as_uri() + "/", src)).path)).resolve()
        if not path.is_relative_to(real) or not path.is_file():
            continue  # reported while checking: such an issue is never rendered
        name = f"{prefix}/{path.relative_to(real).as_posix()}"
        width, height = pixel_size(path) or (None, None)
        found[src] = Image(name, digest(path), path.stat().st_size, src, width, height)
    return tuple(found.values())


def shown(editorial_html: str, articles: Sequence[Article]) -> list[str]:
    """Return the URL of every image the editorial and the articles show (standing pieces: none)."""
    found = [a.image.src for a in articles if a.image is not None]
    for html in (editorial_html, *(a.body_html for a in articles)):
        found += [image.get("src") or "" for image in imagecheck.images(html)]
    return found


def is_local(src: str) -> bool:
    """Return whether an <img src> names a file of the issue (not a data: or remote URL)."""
    return bool(src) and not urlsplit(src).scheme and not src.startswith("/")


def pixel_size(path: Path) -> tuple[int, int] | None:
    """Return the (width, height) written in a PNG, GIF or JPEG file's header, or None."""
    try:
        with path.open("rb") as f:
            head = f.read(64 * 1024)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
    elif head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
    elif head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    else:
        return None
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        length = int(struct.unpack(">H", data[at + 2 : at + 4])[0])
        # Start-of-frame markers carry the size; C4, C8 and CC are other tables.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return int(width), int(height)
        at += 2 + length
    return None
