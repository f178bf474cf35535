"""Only pixels and the sRGB profile pass into a copy as they are: no byte hidden in a segment."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image

from psgnews.render import derive, images
from psgnews.render.imagefile import clean
from synthetic import photos
from tests.render.test_derive import described

SECRET = b"GPS -12.0464,-77.0428; phone +51 1 234 5678"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _copy_of_itself(path: Path, data: bytes) -> bytes:
    """Return what derive makes of `data`, saved at `path`, as its print copy."""
    path.write_bytes(data)
    copy = images.print_copy(described(path))
    return derive.make(data, [copy])[copy]


def _png_copy(tmp_path: Path) -> bytes:
    """Return the copy derive makes of an RGB chart: itself, were it given again."""
    out = io.BytesIO()
    Image.new("RGB", (400, 300), "teal").save(out, "PNG")
    return _copy_of_itself(tmp_path / "chart.png", out.getvalue())


def test_a_jfif_header_carrying_more_bytes_is_not_kept(tmp_path: Path) -> None:
    photo = photos.phone_photo(tmp_path / "photo.jpg", 800, 600)
    first = _copy_of_itself(tmp_path / "copy.jpg", photo.read_bytes())
    assert clean(first, "JPEG", derive.srgb_profile())  # a copy is passed on as it is
    at = first.index(b"\xff\xe0")
    length = struct.unpack(">H", first[at + 2 : at + 4])[0]
    app0 = first[at + 4 : at + 2 + length] + SECRET
    hidden = first[:at] + b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0
    hidden += first[at + 2 + length :]
    assert not clean(hidden, "JPEG", derive.srgb_profile())
    assert SECRET not in _copy_of_itself(tmp_path / "hidden.jpg", hidden)


def test_a_palette_in_an_rgb_png_is_not_kept(tmp_path: Path) -> None:
    first = _png_copy(tmp_path)
    assert clean(first, "PNG", derive.srgb_profile())
    at = first.index(b"IDAT") - 4
    palette = SECRET.ljust(len(SECRET) + (-len(SECRET)) % 3, b" ")  # whole entries of 3 bytes
    hidden = first[:at] + _chunk(b"PLTE", palette) + first[at:]
    assert not clean(hidden, "PNG", derive.srgb_profile())
    assert SECRET not in _copy_of_itself(tmp_path / "hidden.png", hidden)


def test_bytes_after_a_pngs_compressed_pixels_are_not_kept(tmp_path: Path) -> None:
    first = _png_copy(tmp_path)
    at = first.index(b"IEND") - 4
    hidden = first[:at] + _chunk(b"IDAT", SECRET) + first[at:]
    assert not clean(hidden, "PNG", derive.srgb_profile())
