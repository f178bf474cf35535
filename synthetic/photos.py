"""Photos as a phone takes them, written with Pillow: EXIF orientation, GPS, camera serial, XMP, IPTC."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw

SERIAL = "SN-4242-PHONE"
SOFTWARE = "PhoneOS 17.4"
TAKEN = "2024:03:12 09:41:07"
PLACE = "Jr. Testigo 123"  # in the IPTC record: a witness's street, say
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="7,9.6S" exif:GPSLongitude="78,30.0W"/></rdf:RDF></x:xmpmeta>'
)
# Strings none of which may reach an output.
PERSONAL = [SERIAL.encode(), SOFTWARE.encode(), TAKEN.encode(), PLACE.encode(), b"GPSLatitude"]


def phone_exif() -> Image.Exif:
    """Return EXIF as a phone writes it: turned a quarter, with a time, software, serial and GPS."""
    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side: shown turned a quarter clockwise
    exif[0x010F], exif[0x0110] = "PhoneMaker", "Phone 15"
    exif[0x0131], exif[0x0132] = SOFTWARE, TAKEN
    exif.get_ifd(ExifTags.IFD.Exif)[0xA431] = SERIAL  # BodySerialNumber
    exif[ExifTags.IFD.GPSInfo] = {1: "S", 2: (7.0, 9.0, 36.0), 3: "W", 4: (78.0, 30.0, 0.5)}
    return exif


def scene(width: int, height: int) -> Image.Image:
    """Return a photo-like picture: soft gradients, shapes, sensor noise; its stored top-left red."""
    red = Image.linear_gradient("L").resize((width, height))
    green = Image.radial_gradient("L").resize((width, height))
    blue = Image.effect_noise((width, height), 24)
    picture = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(picture)
    for n in range(8):
        x, y = width * n // 8, height * ((n * 3) % 8) // 8
        draw.ellipse((x, y, x + width // 6, y + height // 5), fill=(40 * n % 255, 90, 160))
    corner = (0, 0, width // 10, height // 10)
    draw.rectangle(corner, fill=(255, 0, 0))
    return Image.blend(picture, Image.effect_noise((width, height), 40).convert("RGB"), 0.08)


def phone_photo(path: Path, width: int = 1600, height: int = 1200) -> Path:
    """Write a JPEG at `path` as a phone would, with every kind of personal metadata; return it."""
    out = io.BytesIO()
    scene(width, height).save(out, "JPEG", quality=92, exif=phone_exif().tobytes(), xmp=XMP)
    data = out.getvalue()
    iptc = b"\x1c\x02\x5a" + struct.pack(">H", len(PLACE)) + PLACE.encode()  # 2:90 City
    block = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + block
    app13 = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[:2] + app13 + data[2:])
    return path


def assert_clean(data: bytes, where: str) -> None:
    """Assert that image bytes hold no EXIF, XMP, IPTC or personal string; at most an sRGB profile."""
    from PIL import ImageCms

    for personal in (*PERSONAL, b"Exif\x00\x00", b"Photoshop 3.0", b"http://ns.adobe.com/xap"):
        assert personal not in data, f"{where}: holds {personal!r}"
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif(), f"{where}: has EXIF"
        assert not {"exif", "xmp", "photoshop", "comment"} & set(image.info), where
        if profile := image.info.get("icc_profile"):
            described = ImageCms.getProfileDescription(
                ImageCms.ImageCmsProfile(io.BytesIO(profile))
            )
            assert "sRGB" in described, f"{where}: profile {described!r}"


def upright(data: bytes) -> bool:
    """Return whether a copy of `scene` is shown turned as its EXIF said: the red corner top-right."""
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        width = rgb.width
        right, left = rgb.getpixel((width - 3, 2)), rgb.getpixel((2, 2))
    assert isinstance(right, tuple) and isinstance(left, tuple)
    return right[0] > 200 and right[1] < 60 and not (left[0] > 200 and left[1] < 60)
