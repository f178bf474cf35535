"""The issue's files and images, described while loading: names, digests, sizes and pixels."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image

from psgnews.content import files, imagecheck
from psgnews.content.load import load_issue
from psgnews.content.project import open_root


def png(width: int, height: int) -> bytes:
    """Return a PNG of `width` × `height` pixels, of one colour."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


def test_an_image_is_described_upright_from_its_pixels(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # turned a quarter: shown 480 wide and 640 tall
    Image.new("RGB", (640, 480), "red").save(tmp_path / "turned.jpg", exif=exif.tobytes())
    (tmp_path / "chart.png").write_bytes(png(1200, 30))
    turned, chart = (
        imagecheck.examine(tmp_path / "turned.jpg"),
        imagecheck.examine(tmp_path / "chart.png"),
    )
    assert turned == imagecheck.Facts("JPEG", 480, 640, "photo", located=False)
    assert chart == imagecheck.Facts("PNG", 1200, 30, "graphic", located=False)


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
    assert (image.width, image.height, image.kind) == (240, 120, "graphic")
    assert image.in_body and not issue.images[0].in_body  # march.png is the lead image
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
    urls = ["my%20photos/a.png", "https://example.org/b.png", "data:image/png;base64,AA", "/etc/x"]
    shown = dict.fromkeys(urls, True)
    found = files.images(tmp_path, tmp_path / "issues" / "1", shown, lambda path: "digest")
    assert [(i.src, i.name, i.width, i.height) for i in found] == [
        ("my%20photos/a.png", "issues/1/my photos/a.png", 100, 50)
    ]
