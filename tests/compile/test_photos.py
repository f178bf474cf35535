"""Phone photos through a whole build: what is published and sent holds nothing personal.

Real Pillow, real PDFs: every image the web archive publishes, and every image
and attachment inside the PDF (read back with pypdf), is checked.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image
from pypdf import PdfReader

from psgnews.render import derive
from synthetic import photos
from tests.conftest import Run

pytestmark = pytest.mark.slow
BASE = "https://www.example.org/updates/"  # the sample's web_base_url


def add_photo_issue(project: Path, count: int = 1, size: tuple[int, int] = (1600, 1200)) -> Path:
    """Add Update 121 to `project`: `count` articles each led by a phone photo, the first with
    another photo in its body; return the issue's folder."""
    folder = project / "issues" / "121"
    folder.mkdir()
    (folder / "issue.yaml").write_text("number: 121\ndate: 2007-05-31\n")
    for n in range(count):
        photos.phone_photo(folder / "images" / f"photo{n}.jpg", *size)
        body = "The march.\n\n  ![The square](images/square.jpg)" if n == 0 else "The march."
        (folder / f"story-{n}.yaml").write_text(
            f"title: Story {n}\nsection: News\nsummary: A story.\n"
            f"image: {{src: images/photo{n}.jpg, alt: Marchers, caption: The march}}\n"
            f"body: |\n  {body}\n"
        )
    photos.phone_photo(folder / "images" / "square.jpg", 900, 1200)
    return folder


def test_nothing_published_or_sent_holds_the_photos_metadata(project: Path, run: Run) -> None:
    folder = add_photo_issue(project)
    originals = {p: p.read_bytes() for p in (folder / "images").iterdir()}
    result = run("--root", project, "build", "121", "--web", "--attach-pdf")
    assert result.exit_code == 0, result.output
    published = sorted((project / "build" / "web" / "121" / "images").iterdir())
    assert [p.name for p in published] == [
        "photo0-jpg-1104.jpg", "photo0-jpg-552.jpg", "square-jpg-1104.jpg", "square-jpg-552.jpg",
    ]  # fmt: skip
    for path in published:
        photos.assert_clean(path.read_bytes(), path.name)
        assert photos.upright(path.read_bytes()), path.name
    # The email links exactly the email copies the web archive publishes.
    email = (project / "build" / "121" / "psg-update-121.html").read_text()
    urls = re.findall(r'<img[^>]* src="([^"]+)"', email)
    assert urls == [
        f"{BASE}121/images/photo0-jpg-1104.jpg",
        f"{BASE}121/images/square-jpg-1104.jpg",
    ]
    for url in urls:
        assert (project / "build" / "web" / urlsplit(url).path.removeprefix("/updates/")).is_file()
    pdf = project / "build" / "121" / "psg-update-121.pdf"
    for personal in photos.PERSONAL:
        assert personal not in pdf.read_bytes()
        assert personal not in (project / "build" / "121" / "psg-update-121-pdf.eml").read_bytes()
    reader = PdfReader(pdf)
    shown = raw_images(reader)
    assert len(shown) == 2
    attached = {name: data[0] for name, data in reader.attachments.items()}
    assert {"issues/121/images/photo0.jpg", "issues/121/images/square.jpg"} <= set(attached)
    for n, data in enumerate([*shown, *attached.values()]):
        if not data.startswith(b"psgnews") and data[:2] == b"\xff\xd8":
            photos.assert_clean(data, f"PDF image or attachment {n}")
            assert photos.upright(data)
    assert {p: p.read_bytes() for p in originals} == originals  # the originals are untouched


def raw_images(reader: PdfReader) -> list[bytes]:
    """Return the stream of each distinct image in the PDF, as embedded (a JPEG's own bytes)."""
    found: dict[bytes, None] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        objects: Any = resources.get_object().get("/XObject", {})
        for reference in objects.values():
            stream = reference.get_object()
            if stream["/Subtype"] == "/Image":
                found[stream._data] = None
    return list(found)


def test_extract_then_build_gives_the_same_pdf_with_photos(
    project: Path, run: Run, tmp_path: Path
) -> None:
    add_photo_issue(project, count=2)
    assert run("--root", project, "build", "121", "--format", "pdf").exit_code == 0
    pdf = project / "build" / "121" / "psg-update-121.pdf"
    recovered = tmp_path / "recovered"
    assert run("--root", project, "extract", pdf, recovered).exit_code == 0
    shutil.rmtree(recovered / "layouts")  # built with the layout psgnews ships, like the project
    shutil.copytree(project / "layouts", recovered / "layouts")
    result = run("--root", recovered, "build", "121", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert (recovered / "build" / "121" / "psg-update-121.pdf").read_bytes() == pdf.read_bytes()


def test_a_rebuild_encodes_nothing(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_photo_issue(project)
    encoded: list[str] = []
    encode = derive.encode

    def counted(pixels: Any, copy: Any) -> bytes:
        encoded.append(copy.name)
        return encode(pixels, copy)

    monkeypatch.setattr(derive, "encode", counted)
    assert run("--root", project, "build", "121", "--web").exit_code == 0
    assert len(encoded) == 6  # two photos: email, small and print copies each
    encoded.clear()
    for again in (["--web"], ["--force", "--web"]):  # up to date; and rebuilt from the cache
        result = run("--root", project, "build", "121", *again)
        assert result.exit_code == 0, result.output
    assert encoded == []


def test_three_12_megapixel_photos_make_a_pdf_within_its_budget(project: Path, run: Run) -> None:
    add_photo_issue(project, count=3, size=(4032, 3024))
    result = run("--root", project, "build", "121")
    assert result.exit_code == 0, result.output
    assert "budget" not in result.output
    pdf = project / "build" / "121" / "psg-update-121.pdf"
    assert pdf.stat().st_size <= 3_000_000
    for data in raw_images(PdfReader(pdf)):
        with Image.open(io.BytesIO(data)) as image:
            assert max(image.size) <= round(110 / 25.4 * 300) + 2  # 300 dpi, no more
