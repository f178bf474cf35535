"""Images a check refuses, located at their line and column: no alt text, no file, a bad file.

Bad files: truncated, named for another format, HEIC, SVG, over the pixel limit.
`check` also says which originals hold a location, and which copies pass their budgets.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest

from psgnews.content import imagecheck
from tests.conftest import Run, add_fixture_issues, run_process


def test_missing_alt_text_and_missing_file_are_located(project: Path, run: Run) -> None:
    add_fixture_issues(project, "image-without-alt")
    result = run("--root", project, "check", "120")
    assert result.exit_code == 1
    assert (
        "issues/120/map.yaml:7:7: body: image 'images/small.png' has no alt text; "
        "write what it shows, e.g. ![Protesters outside Congress](images/protest.jpg)"
    ) in result.output
    assert "issues/120/map.yaml:9:35: body: <img> 'images/river.png': no such file" in result.output
    assert "2 problems found; nothing was written." in result.output
    build = run("--root", project, "build", "120", "--format", "email")
    assert build.exit_code == 1 and not (project / "build" / "120").exists()


def test_images_with_alt_text_pass(rich: Path, run: Run) -> None:
    result = run("--root", rich, "check", "120")
    assert result.exit_code == 0, result.output


def test_images_lists_every_img() -> None:
    html = '<p><img src="a.png" alt="A"> <img src="https://x.org/b.png"></p>'
    assert imagecheck.images(html) == [
        {"src": "a.png", "alt": "A"},
        {"src": "https://x.org/b.png"},
    ]


def test_a_lead_image_without_alt_text_is_an_error(project: Path, run: Run) -> None:
    article = project / "issues" / "119" / "69-congresspersons-vote-to-support-trc.yaml"
    (project / "issues" / "119" / "images").mkdir()
    (project / "issues" / "119" / "images" / "vote.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    article.write_text(article.read_text() + "image: {src: images/vote.png}\n")
    result = run("--root", project, "check", "119")
    assert result.exit_code == 1
    assert (
        "issues/119/69-congresspersons-vote-to-support-trc.yaml:6:8: image.alt: " in result.output
    )
    assert "required field is missing" in result.output


def test_an_image_file_and_its_bytes_get_the_same_verdict(tmp_path: Path) -> None:
    from PIL import Image

    big, small = tmp_path / "big.png", tmp_path / "small.png"
    Image.new("1", (8000, 6000)).save(big)
    Image.new("1", (80, 60)).save(small)
    (tmp_path / "not.png").write_bytes(b"not an image")
    says = "8000×6000 pixels, over the limit of 40,000,000 (scale the image down)"
    assert imagecheck.unreadable(big) == imagecheck.unreadable(big.read_bytes()) == says
    assert imagecheck.unreadable(small) is imagecheck.unreadable(small.read_bytes()) is None
    not_image = "not a readable image (UnidentifiedImageError: Pillow cannot identify it)"
    assert imagecheck.unreadable(tmp_path / "not.png") == not_image
    assert imagecheck.unreadable(b"not an image") == not_image


def _article_with(project: Path, files: dict[str, bytes], body: str = "", lead: str = "") -> None:
    """Add to Update 119 an article showing `files` (by name under images/)."""
    folder = project / "issues" / "119"
    (folder / "images").mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / "images" / name).write_bytes(data)
    image = f"image: {{src: {lead}, alt: A photo}}\n" if lead else ""
    text = f"title: T\nsection: News\nsummary: S.\n{image}body: |\n  {body or 'Text.'}\n"
    (folder / "zz-photos.yaml").write_text(text)
    issue = folder / "issue.yaml"
    if "order:" in issue.read_text():
        issue.write_text(issue.read_text().rstrip() + "\n  - zz-photos\n")


def _jpeg(size: tuple[int, int] = (300, 200)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "olive").save(out, "JPEG")
    return out.getvalue()


def _png(size: tuple[int, int] = (300, 200), mode: str = "RGB") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
BAD_INPUTS = {
    "truncated": ({"p.jpg": _jpeg()[:-400]}, "p.jpg", "truncated or damaged"),
    "png-named-jpg": ({"p.jpg": _png()}, "p.jpg", "holds PNG data, but its name says JPEG"),
    "heic": ({"p.heic": HEIC_BYTES}, "p.heic", "an HEIC photo"),
    "heic-named-jpg": ({"p.jpg": HEIC_BYTES}, "p.jpg", "heif-convert photo.heic photo.jpg"),
    "svg": ({"p.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>'}, "p.svg", "does not rasterise"),
    "too-many-pixels": (
        {"p.png": _png((8000, 6000), "1")},
        "p.png",
        "8000×6000 pixels, over the limit",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
@pytest.mark.parametrize("where", ["lead", "body"])
def test_a_bad_image_fails_the_build_naming_the_article_and_the_file(
    project: Path, run: Run, case: str, where: str
) -> None:
    files, name, says = BAD_INPUTS[case]
    if where == "lead":
        _article_with(project, files, lead=f"images/{name}")
    else:
        _article_with(project, files, body=f"![A photo](images/{name})")
    result = run("--root", project, "build", "119")
    assert result.exit_code == 1, result.output
    field = "image.src" if where == "lead" else "body"
    assert "issues/119/zz-photos.yaml:" in result.output
    assert f": {field}: " in result.output and f"images/{name}'" in result.output
    assert says in result.output
    assert not (project / "build").exists()  # nothing written


def test_check_says_a_photo_holds_a_location_and_passes(project: Path, run: Run) -> None:
    from synthetic import photos

    photo = photos.phone_photo(project / "issues" / "119" / "images" / "march.jpg", 800, 600)
    _article_with(project, {}, lead="images/march.jpg")
    before = photo.read_bytes()
    result = run("--root", project, "check", "119")
    assert result.exit_code == 0, result.output
    assert (
        "warning: issue 119: GPS position in images/march.jpg: removed from every output"
        in result.output
    )
    assert photo.read_bytes() == before  # the original stays as the editor put it


def test_check_warns_of_an_email_image_over_its_budget(project: Path, run: Run) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((1104, 3000), 120).convert("RGB").save(out, "JPEG", quality=95)
    _article_with(project, {"noise.jpg": out.getvalue()}, lead="images/noise.jpg")
    result = run("--root", project, "check", "119")
    assert result.exit_code == 0, result.output
    assert "the email image images/noise-jpg-1104.jpg is" in result.output
    assert "over the budget of 250 KB" in result.output


def test_a_truncated_image_is_refused_after_weasyprint_is_imported(tmp_path: Path) -> None:
    import weasyprint  # noqa: F401  (it tells Pillow to load truncated images)

    (tmp_path / "cut.jpg").write_bytes(_jpeg()[:-400])
    why = imagecheck.examine(tmp_path / "cut.jpg")
    assert isinstance(why, str) and why.startswith("truncated or damaged")


def _broken_exif_jpeg() -> bytes:
    """Return a JPEG whose EXIF claims 50 entries and holds 10 bytes of them."""
    from PIL import Image

    tiff = b"II*\x00" + struct.pack("<IH", 8, 50) + b"\x00" * 10
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "olive").save(out, "JPEG", exif=b"Exif\x00\x00" + tiff)
    return out.getvalue()


def test_broken_exif_is_a_located_problem_not_a_raw_warning(project: Path) -> None:
    _article_with(project, {"p.jpg": _broken_exif_jpeg()}, lead="images/p.jpg")
    done = run_process("--root", project, "check", "119")  # as an editor runs it: no -W error
    assert done.returncode == 1, done.stderr
    assert (
        "issues/119/zz-photos.yaml:4:14: image.src: 'images/p.jpg': truncated or damaged"
        in done.stderr
    )
    assert "Corrupt EXIF data" in done.stderr and "warnings.warn" not in done.stderr  # not raw
