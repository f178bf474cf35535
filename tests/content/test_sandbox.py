"""Nothing leaves the root: every escape attempt is a build error naming the article and URL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from psgnews.content import htmltree, markup, sandbox
from psgnews.content.load import load_issue
from psgnews.content.project import open_root
from psgnews.core.errors import RenderError
from psgnews.render import documents
from tests.conftest import Run
from tests.render.pdf.test_weasy import make_project

ARTICLE = "issues/5/river-survey.yaml"


@pytest.mark.parametrize(
    ("fixture", "url"),
    [
        ("escape-http", "https://www.example.org/tracker.png"),
        ("escape-file-url", "file:///etc/passwd"),
        ("escape-dotdot", "../../psgnews.yaml"),
        ("escape-absolute", "/etc/hostname"),
        ("escape-attachment", "../../psgnews.yaml"),
        ("escape-attachment", "/etc/passwd"),
    ],
)
def test_body_urls_outside_the_issue_fail_the_build(
    fixture: str, url: str, tmp_path: Path, run: Run
) -> None:
    root = make_project(tmp_path / "p", fixture)
    result = run("--root", root, "build", "5", "--format", "pdf")
    assert result.exit_code == 1
    assert f"{ARTICLE}:" in result.output
    assert repr(url) in result.output
    assert not (root / "build").exists()


def test_a_symlink_pointing_outside_fails_the_build(tmp_path: Path, run: Run) -> None:
    root = make_project(tmp_path / "p", "escape-symlink")
    (root / "issues/5/images/outside.png").symlink_to(Path(__file__).resolve())
    result = run("--root", root, "build", "5", "--format", "pdf")
    assert result.exit_code == 1
    assert f"{ARTICLE}:" in result.output
    assert "'images/outside.png': links outside the issue folder" in result.output


def test_a_device_fails_the_build(tmp_path: Path, run: Run) -> None:
    root = make_project(tmp_path / "p", "escape-device")
    (root / "issues/5/images/random.png").symlink_to("/dev/urandom")
    result = run("--root", root, "build", "5", "--format", "pdf")
    assert result.exit_code == 1
    assert f"{ARTICLE}:" in result.output
    assert "image.src: no image file 'images/random.png'" in result.output


@pytest.mark.slow
def test_a_layout_reading_outside_the_root_fails_in_the_fetcher(tmp_path: Path, run: Run) -> None:
    root = make_project(tmp_path / "p", "escape-layout")
    result = run("--root", root, "build", "5", "--format", "pdf")
    assert result.exit_code == 1
    assert 'layout evil/default, URL "file:///etc/hostname"' in result.output
    assert "outside the issue folder and the layouts" in result.output


@pytest.mark.slow
@pytest.mark.parametrize(
    ("side", "says"),
    [
        (9000, "9000×9000 pixels, over the limit of 40,000,000 (scale the image down)"),
        # Past Pillow's own limit, Pillow refuses first: still reported as too large.
        (14000, "over the limit of 40,000,000 pixels (scale the image down)"),
    ],
)
def test_a_decompression_bomb_is_refused(tmp_path: Path, run: Run, side: int, says: str) -> None:
    root = make_project(tmp_path / "p")
    Image.new("1", (side, side)).save(root / "issues/5/images/river.png")
    result = run("--root", root, "build", "5", "--format", "pdf")
    assert result.exit_code == 1
    assert f"{ARTICLE}:" in result.output  # found by the check, before any rendering
    assert f"image.src: 'images/river.png': {says}" in result.output


@pytest.mark.slow
def test_a_pathological_document_stops_at_the_time_limit(tmp_path: Path) -> None:
    from psgnews.render.pdf import weasy

    root = make_project(tmp_path / "p")
    issue = load_issue(open_root(root), 5)
    html = documents.print_html(issue).replace(
        "</main>", "<table>" + "<tr><td>cell</td></tr>" * 20000 + "</table></main>"
    )
    with pytest.raises(RenderError, match=r"longer than 0\.5 s"):
        weasy.render(issue, html, root, timeout=0.5)


def test_resolve_serves_only_regular_files_inside(tmp_path: Path) -> None:
    inside = tmp_path / "issue"
    inside.mkdir()
    (inside / "a.png").write_bytes(b"x")
    os.mkfifo(inside / "fifo")
    assert sandbox.resolve((inside / "a.png").as_uri(), (inside,)) == inside / "a.png"
    assert sandbox.resolve("data:image/png;base64,AAAA", (inside,)) is None
    for url, why in [
        ("http://example.org/a.png", "only files inside"),
        ("file://otherhost/a.png", "only files inside"),
        ((inside / ".." / "x").as_uri(), "outside"),
        ((inside / "missing.png").as_uri(), "no such file"),
        ((inside / "fifo").as_uri(), "not a regular file"),
    ]:
        with pytest.raises(sandbox.Refused, match=why):
            sandbox.resolve(url, (inside,))


def test_references_name_their_article() -> None:
    html = (
        '<article id="one"><section class="footnotes"></section><img src="a.png"></article>'
        '<section id="two"><a rel="nofollow attachment" href="b.txt">b</a></section>'
        '<link rel="stylesheet" href="c.css">'
    )
    assert sandbox.references(htmltree.parse(html)) == [
        ("one", "img", "a.png"),
        ("two", "a", "b.txt"),
        ("", "link", "c.css"),
    ]


def test_the_editorial_and_standing_pieces_are_checked_too(tmp_path: Path, run: Run) -> None:
    root = make_project(tmp_path / "p")
    issue = root / "issues/5/issue.yaml"
    issue.write_text(issue.read_text() + "  ![x](/etc/hostname)\n")
    aims = root / "issues/_standing/aims.yaml"
    aims.write_text(aims.read_text() + '  <img src="logo.png" alt="logo">\n')
    result = run("--root", root, "check", "5")
    assert result.exit_code == 1
    assert "issues/5/issue.yaml:" in result.output
    assert "editorial: <img> '/etc/hostname': only files inside the issue folder" in result.output
    assert "issues/_standing/aims.yaml:" in result.output
    assert "body: <img> 'logo.png': a standing piece may not use files" in result.output


@pytest.mark.slow
def test_a_data_url_bomb_is_refused_too(tmp_path: Path) -> None:
    import base64
    import io

    from psgnews.core.errors import RenderError
    from psgnews.render.pdf import weasy

    root = make_project(tmp_path / "p")
    issue = load_issue(open_root(root), 5)
    png = io.BytesIO()
    Image.new("1", (9000, 9000)).save(png, format="PNG")
    url = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    html = documents.print_html(issue).replace("</main>", f'<img src="{url}" alt="bomb"></main>')
    with pytest.raises(RenderError, match=r"9000×9000 pixels, over the limit of 40,000,000"):
        weasy.render(issue, html, root)


NOSCRIPT = '<noscript><p title="</noscript><img src=https://evil.example/t.png alt=a>"></noscript>'


def test_check_reads_the_sanitised_html_as_every_output_does(tmp_path: Path, run: Run) -> None:
    # Read as written, the <img> is an attribute's text; the sanitiser (and so every
    # output) reads <noscript> as raw text, and keeps a live remote image.
    assert '<img src="https://evil.example/t.png"' in markup.to_html(NOSCRIPT, "a")
    assert sandbox.body_problems(NOSCRIPT, tmp_path) == [
        (
            "https://evil.example/t.png",
            "<img> 'https://evil.example/t.png': remote files are not fetched: "
            "put the file in the issue folder",
        )
    ]
    root = make_project(tmp_path / "p")
    article = root / ARTICLE
    article.write_text(
        article.read_text()
        + f"  {NOSCRIPT}\
"
    )
    result = run("--root", root, "check", "5")
    assert result.exit_code == 1
    assert f"{ARTICLE}:" in result.output and "'https://evil.example/t.png'" in result.output


def test_a_problem_is_placed_where_the_url_is_not_where_prose_mentions_it(
    tmp_path: Path, run: Run
) -> None:
    root = make_project(tmp_path / "p")
    article = root / ARTICLE
    text = article.read_text()
    lines = [
        "",
        "  The file images/map.png shows the route;",
        "  so does [the map](#river-survey).",
        "",
        "  ![](images/map.png)",
        '  <img src="images/map.png" alt="x">',
    ]
    article.write_text(text + "\n".join(lines) + "\n")
    line = text.count("\n") + 5
    result = run("--root", root, "check", "5")
    assert result.exit_code == 1
    assert f"{ARTICLE}:{line}:7: body: image 'images/map.png' has no alt text" in result.output
    assert f"{ARTICLE}:{line}:7: body: <img> 'images/map.png': no such file" in result.output
    assert f"{ARTICLE}:{line - 3}:" not in result.output  # the prose that mentions it


def test_a_misspelt_body_image_gets_a_did_you_mean(tmp_path: Path, run: Run) -> None:
    root = make_project(tmp_path / "p", "escape-dotdot")
    images = root / "issues/5/images"
    images.mkdir(exist_ok=True)
    Image.new("RGB", (8, 8)).save(images / "river-map.png")
    article = root / ARTICLE
    article.write_text(article.read_text() + '\n  <img src="images/rivermap.png" alt="x">\n')
    result = run("--root", root, "check", "5")
    assert result.exit_code == 1
    assert (
        "<img> 'images/rivermap.png': no such file; did you mean 'images/river-map.png'?"
        in result.output
    )
