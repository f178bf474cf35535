"""An image without alt text, or without its file, is a `check` error pointing at its line and column."""

from __future__ import annotations

from pathlib import Path

from psgnews.content import imagecheck
from tests.conftest import Run, add_fixture_issues


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
