"""Whether a JPEG or PNG file holds nothing but pixels and an sRGB profile.

Read from the file's structure, segment by segment, not from what Pillow
chooses to report: a private PNG chunk or data after a JPEG's end would slip
past a reader that only knows the common ones.
"""

from __future__ import annotations

import struct
import zlib

# The JPEG segments an encoder needs: tables, frame (baseline, extended, progressive), scan.
_JPEG_TABLES = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD}
_SOS, _EOI, _APP0, _APP2 = 0xDA, 0xD9, 0xE0, 0xE2
_PNG = b"\x89PNG\r\n\x1a\n"
_PNG_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def clean(data: bytes, form: str, profile: bytes) -> bool:
    """Return whether `data`, a `form` file ("JPEG" or "PNG"), holds only pixels and `profile`.

    It must also be 8 bits per channel, grey or RGB (a PNG may add alpha).
    """
    return _jpeg_clean(data, profile) if form == "JPEG" else _png_clean(data, profile)


def _jpeg_clean(data: bytes, profile: bytes) -> bool:
    if not data.startswith(b"\xff\xd8"):
        return False
    at = 2
    while at + 2 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == _EOI:
            return at + 2 == len(data)  # nothing may follow the image
        if at + 4 > len(data):
            return False
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        segment = data[at + 4 : at + 2 + length]
        if not _jpeg_segment_ok(marker, segment, profile):
            return False
        at += 2 + length
        if marker == _SOS:
            at = _after_scan(data, at)
    return False


def _jpeg_segment_ok(marker: int, segment: bytes, profile: bytes) -> bool:
    if marker in (0xC0, 0xC1, 0xC2):  # a frame: 8 bits, one (grey) or three components
        return len(segment) > 5 and segment[0] == 8 and segment[5] in (1, 3)
    if marker in _JPEG_TABLES or marker == _SOS:
        return True
    if marker == _APP0:
        return segment.startswith(b"JFIF\x00")
    return marker == _APP2 and segment == b"ICC_PROFILE\x00\x01\x01" + profile


def _after_scan(data: bytes, at: int) -> int:
    """Return where the marker after the entropy-coded data starting at `at` is."""
    while (at := data.find(b"\xff", at)) != -1 and at + 1 < len(data):
        following = data[at + 1]
        if following != 0x00 and not 0xD0 <= following <= 0xD7 and following != 0xFF:
            return at
        at += 1
    return len(data)


def _png_clean(data: bytes, profile: bytes) -> bool:
    if not data.startswith(_PNG):
        return False
    at = len(_PNG)
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"IHDR" and not (body[8:9] == b"\x08" and body[9] in (0, 2, 4, 6)):
            return False  # 8 bits; grey, RGB, grey and alpha, RGBA: no palette
        if kind == b"iCCP" and not _png_profile_is(body, profile):
            return False
        if kind not in _PNG_CHUNKS and kind != b"iCCP":
            return False
        at += 12 + length
        if kind == b"IEND":
            return bool(at == len(data))
    return False


def _png_profile_is(body: bytes, profile: bytes) -> bool:
    """Return whether an iCCP chunk's body holds `profile`."""
    _, _, compressed = body.partition(b"\x00")
    try:
        return bool(zlib.decompress(compressed[1:]) == profile)  # after the method byte
    except zlib.error:
        return False
