"""The issue's files and images, described while loading: names, digests, sizes and pixels."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

from psgnews.content import files
from psgnews.content.load import load_issue
from psgnews.project import open_root


def png(width: int, height: int) -> bytes:
    """Return the start of a PNG file: its signature and a header of `width` × `height`."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def test_pixel_size_reads_png_gif_and_jpeg_headers(tmp_path: Path) -> None:
    found = {
        "a.png": png(1200, 30),
        "b.gif": b"GIF89a" + struct.pack("<HH", 320, 200) + b"\x00" * 8,
        # SOI, an APP0 segment to skip, then a baseline start-of-frame: height 480, width 640.
        "c.jpg": b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x01\xe0\x02\x80" + b"\x00" * 12,
        "d.txt": b"not an image",
    }
    for name, data in found.items():
        (tmp_path / name).write_bytes(data)
    sizes = {name: files.pixel_size(tmp_path / name) for name in found}
    assert sizes == {"a.png": (1200, 30), "b.gif": (320, 200), "c.jpg": (640, 480), "d.txt": None}
    assert files.pixel_size(tmp_path / "missing.png") is None


def test_the_issue_describes_each_image_its_content_shows(rich: Path) -> None:
    issue = load_issue(open_root(rich), 120)
    folder = rich / "issues" / "120"
    march, small = (folder / "images" / name for name in ("march.png", "small.png"))
    assert [(i.src, i.name) for i in issue.images] == [
        ("images/march.png", "issues/120/images/march.png"),
        ("images/small.png", "issues/120/images/small.png"),
    ]
    image = issue.image("images/small.png")
    assert image is not None
    assert image.digest == hashlib.sha256(small.read_bytes()).hexdigest()
    assert image.size == small.stat().st_size
    assert (image.width, image.height) == files.pixel_size(small)
    assert issue.image("images/march.png") == issue.images[0]
    assert issue.images[0].digest == hashlib.sha256(march.read_bytes()).hexdigest()
    assert issue.image("images/absent.png") is None


def test_the_issue_describes_the_files_it_is_made_from(rich: Path) -> None:
    issue = load_issue(open_root(rich), 120)
    assert issue.settings.name == "psgnews.yaml"
    assert issue.settings.size == (rich / "psgnews.yaml").stat().st_size
    names = [source.name for source in issue.sources]
    assert names[0] == "issues/120/issue.yaml"
    assert {f"issues/120/{a.slug}.yaml" for a in issue.articles} <= set(names)
    assert {f"issues/_standing/{p.slug}.yaml" for p in issue.standing} <= set(names)
    for source in issue.sources:
        assert source.digest == hashlib.sha256((rich / source.name).read_bytes()).hexdigest()


def test_an_escaped_url_names_the_file_the_pdf_would_show(tmp_path: Path) -> None:
    (tmp_path / "issues" / "1" / "my photos").mkdir(parents=True)
    (tmp_path / "issues" / "1" / "my photos" / "a.png").write_bytes(png(100, 50))
    shown = ["my%20photos/a.png", "https://example.org/b.png", "data:image/png;base64,AA", "/etc/x"]
    found = files.images(tmp_path, tmp_path / "issues" / "1", shown, lambda path: "digest")
    assert [(i.src, i.name, i.width, i.height) for i in found] == [
        ("my%20photos/a.png", "issues/1/my photos/a.png", 100, 50)
    ]
