"""Whether a JPEG or PNG file holds nothing but pixels and an sRGB profile.

Read from the file's structure, segment by segment, not from what Pillow
chooses to report: a private PNG chunk, a palette an RGB PNG does not use, bytes
after a JFIF header or after the compressed pixels, or data after a JPEG's end
would slip past a reader that only knows the common ones.
"""

from __future__ import annotations

import struct
import zlib

# The JPEG segments an encoder needs: tables, frame (baseline, extended, progressive), scan.
_JPEG_TABLES = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD}
_SOS, _EOI, _APP0, _APP2 = 0xDA, 0xD9, 0xE0, 0xE2
_PNG = b"\x89PNG\r\n\x1a\n"
# The PNG chunks taken: IHDR, then tRNS, iCCP, IDAT, IEND. No PLTE: a grey or RGB PNG
# takes none, and a suggested palette is bytes of any meaning.
# JFIF 1.x: its name, version, units, densities and thumbnail size; not one byte more.
_JFIF = struct.Struct(">5sBBBHHBB")
_TRNS_LENGTH = {0: 2, 2: 6}  # a grey or RGB colour made transparent; none with alpha


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
        # No thumbnail: its width and height, the last two bytes, are 0.
        return (
            len(segment) == _JFIF.size
            and segment.startswith(b"JFIF\x00")
            and segment[-2:] == b"\0\0"
        )
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
    at, colour, pixels = len(_PNG), -1, zlib.decompressobj()
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            if not (length == 13 and body[8] == 8 and body[9] in (0, 2, 4, 6)):
                return False  # 8 bits; grey, RGB, grey and alpha, RGBA: no palette
            colour = body[9]
        elif not _png_chunk_ok(kind, body, colour, profile, pixels):
            return False
        at += 12 + length
        if kind == b"IEND":
            return at == len(data) and pixels.eof
    return False


def _png_chunk_ok(
    kind: bytes, body: bytes, colour: int, profile: bytes, pixels: zlib._Decompress
) -> bool:
    """Return whether a chunk after the header holds only pixels, `profile` or a transparency."""
    if kind == b"tRNS":
        return len(body) == _TRNS_LENGTH.get(colour)
    if kind == b"iCCP":
        return _png_profile_is(body, profile)
    if kind == b"IDAT":
        return _pixels_only(pixels, body)
    return kind == b"IEND"


def _pixels_only(pixels: zlib._Decompress, body: bytes) -> bool:
    """Feed an IDAT chunk's `body` to `pixels`; return False if bytes follow the zlib stream."""
    if pixels.eof:
        return False
    try:
        pixels.decompress(body)
    except zlib.error:
        return False
    return not pixels.unused_data


def _png_profile_is(body: bytes, profile: bytes) -> bool:
    """Return whether an iCCP chunk's body holds `profile`."""
    _, _, compressed = body.partition(b"\x00")
    try:
        return bool(zlib.decompress(compressed[1:]) == profile)  # after the method byte
    except zlib.error:
        return False
