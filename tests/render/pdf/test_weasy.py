"""The printed Update, checked with pypdf and poppler on real WeasyPrint output.

Renders are few: one build of the PDF test project and one of the sample Update
119 serve most tests; the rebuilds check byte-identical output.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pyphen
import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, Destination, DictionaryObject, StreamObject

from tests.conftest import FIXTURES, REPO, copy_project, run_process

pytestmark = pytest.mark.slow

A4 = (595.276, 841.89)


def make_project(target: Path, *overlays: str) -> Path:
    """Copy the PDF test project and the repository's layouts, then each overlay fixture."""
    shutil.copytree(FIXTURES / "pdf-sample", target)
    shutil.copytree(REPO / "layouts", target / "layouts")
    for overlay in overlays:
        shutil.copytree(FIXTURES / overlay, target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF of the test project's issue 5, built once for this module."""
    root = make_project(tmp_path_factory.mktemp("pdf") / "project")
    done = run_process("--root", root, "build", "5", "--format", "pdf")
    assert done.returncode == 0, done.stderr
    return root / "build" / "5" / "psg-update-5.pdf"


def page_text(pdf: Path, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def bookmarks(reader: PdfReader) -> list[Destination]:
    """Return the PDF's outline, which psgnews keeps flat: one level of bookmarks."""
    flat = [o for o in reader.outline if isinstance(o, Destination)]
    assert len(flat) == len(reader.outline), "the outline has nested levels"
    return flat


def xmp(catalog: DictionaryObject) -> bytes:
    """Return the XMP metadata of a PDF's `catalog`, or b"" when it has none."""
    if "/Metadata" not in catalog:
        return b""
    stream = catalog["/Metadata"]
    assert isinstance(stream, StreamObject)
    return stream.get_data()


def test_every_font_is_embedded_and_is_the_shipped_face(sample: Path) -> None:
    listing = subprocess.run(["pdffonts", str(sample)], capture_output=True, text=True, check=True)
    rows = listing.stdout.splitlines()[2:]
    assert 3 <= len(rows) <= 4, listing.stdout  # regular, italic, bold (and bold italic if used)
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert "Charis-SIL" in name, row


def test_pages_are_a4(sample: Path) -> None:
    reader = PdfReader(sample)
    assert len(reader.pages) == 3
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == (595.28, 841.89)


def test_text_runs_in_reading_order(sample: Path) -> None:
    text = "".join(page_text(sample, n) for n in (1, 2, 3))
    marks = [
        "Update 5",
        "EDITORIAL",
        "IN THIS ISSUE",
        "The summary of the first test article",
        "A heading inside the article",
        "Closing paragraph of the first article",
        "Resumen del artículo de prueba",
        "An article may be its summary alone",
        "Our aims (test text)",
        "Why join (test text)",
    ]
    positions = [text.index(mark) for mark in marks]
    assert positions == sorted(positions)


def test_contents_page_numbers_are_where_the_titles_are(sample: Path) -> None:
    reader = PdfReader(sample)
    titles = [(str(o.title), reader.get_destination_page_number(o) or 0) for o in bookmarks(reader)]
    cover = " ".join(page_text(sample, 1).split())
    contents = cover.split("IN THIS ISSUE")[1].split("NEWS")[0]
    articles = [(title, index) for title, index in titles if title in contents]
    assert len(articles) == 3, contents
    for title, index in articles:
        # The title, its spaced leader dots (which may go to the next line), its page.
        number = re.search(re.escape(title) + r"[ ·]*(\d+)", contents)
        assert number is not None, (title, contents)
        assert int(number[1]) == index + 1, title
        assert title in " ".join(page_text(sample, index + 1).split())


def test_footer_and_running_head_but_not_on_the_cover(sample: Path) -> None:
    cover, second = page_text(sample, 1), page_text(sample, 2)
    assert "page 1 of 3" not in cover
    assert "Peru Support Group · Update 5 · 31 March 2007 · page 2 of 3" in second
    # A page that opens on an article's text names that article above it.
    head, first = second.splitlines()[0], second.split("\n\n")[1]
    assert head == "A test article with an image, notes and a very long link (continued)"
    assert first.startswith("This article is test text")
    third = page_text(sample, 3).splitlines()[0]
    assert third == "Artículo de prueba: organizaciones comunitarias y participación (continuación)"


def test_one_bookmark_per_article_and_standing_piece(sample: Path) -> None:
    titles = [o.title for o in bookmarks(PdfReader(sample))]
    assert titles == [
        "A test article with an image, notes and a very long link",
        "Artículo de prueba: organizaciones comunitarias y participación",
        "A short note with no body",
        "Our aims (test text)",
        "Why join (test text)",
    ]


def test_metadata_comes_from_the_issue(sample: Path) -> None:
    reader = PdfReader(sample)
    info = reader.metadata
    assert info is not None
    assert info.title == "Peru Support Group Update 5 — 31 March 2007"
    assert info.author == "Peru Support Group"
    assert (info.subject or "").startswith("Test issue for the printed Update")
    assert info.keywords == "test, images, prueba, español"
    assert info.creation_date_raw == info.modification_date_raw == "D:20070331120000Z"
    catalog = reader.root_object
    assert str(catalog["/Lang"]) == "en-GB"
    assert b'pdfaid:part="3" pdfaid:conformance="B"' in xmp(catalog)
    # WeasyPrint 70 lists each file twice in /AF (the same objects): count distinct ones.
    attached = catalog["/AF"]
    assert isinstance(attached, ArrayObject)
    files = {f.idnum: f.get_object() for f in attached}
    assert len(files) == 8
    assert {str(f["/AFRelationship"]) for f in files.values()} == {"/Source"}


def test_sources_are_attached_with_the_issue_date(sample: Path) -> None:
    reader = PdfReader(sample)
    assert sorted(reader.attachments) == [
        "issues/5/derechos-comunitarios.yaml",
        "issues/5/images/river.png",
        "issues/5/issue.yaml",
        "issues/5/river-survey.yaml",
        "issues/5/short-note.yaml",
        "issues/_standing/aims.yaml",
        "issues/_standing/join.yaml",
        "psgnews.yaml",
    ]
    root = sample.parent.parent.parent
    for name, data in reader.attachments.items():
        assert data == [(root / name).read_bytes()], name
    issued = datetime.datetime(2007, 3, 31, 12, tzinfo=datetime.UTC)  # the issue's date, noon
    dates = {(f.creation_date, f.modification_date) for f in reader.attachment_list}
    assert dates == {(issued, issued)}
    listing = subprocess.run(["pdfdetach", "-list", str(sample)], capture_output=True, text=True)
    assert "8 embedded files" in listing.stdout


def test_spanish_article_is_hyphenated_as_spanish(sample: Path) -> None:
    text = "".join(page_text(sample, n) for n in (1, 2, 3))
    spanish = text[text.index("Este artículo") : text.index("ancestrales")]
    breaks = re.findall(r"(\w+)‐\n(\w+)", spanish)
    assert breaks, spanish
    dictionary = pyphen.Pyphen(lang="es")
    for before, after in breaks:
        assert len(before) in dictionary.positions(before + after), (before, after)


def test_footnotes_sit_at_the_page_foot_numbered_per_article(sample: Path) -> None:
    cover, second = page_text(sample, 1), page_text(sample, 2)
    assert cover.index("1. An editorial footnote") > cover.index("IN THIS ISSUE")
    notes = second.index("1. The first footnote")
    assert notes > second.index("Este artículo") > second.index("Closing paragraph")
    assert second.index("2. The second footnote") > notes
    assert second.index("1. Nota al pie de prueba") > notes


def test_long_urls_stay_inside_the_margins(sample: Path) -> None:
    done = subprocess.run(
        ["pdftotext", "-bbox", "-f", "2", "-l", "2", str(sample), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', done.stdout)]
    assert max(right_edges) <= A4[0] - 22 * 72 / 25.4 + 0.5


def test_two_processes_and_an_extracted_root_give_identical_bytes(
    sample: Path, tmp_path: Path
) -> None:
    project = sample.parent.parent.parent
    recovered = tmp_path / "recovered"
    done = run_process("--root", project, "extract", sample, recovered)
    assert done.returncode == 0, done.stderr
    assert (recovered / "issues" / "5" / "images" / "river.png").is_file()
    done = run_process("--root", recovered, "build", "5", "--format", "pdf")
    assert done.returncode == 0, done.stderr
    assert (recovered / "build" / "5" / "psg-update-5.pdf").read_bytes() == sample.read_bytes()


def test_sample_update_pages_as_png(tmp_path: Path, artifacts: Path) -> None:
    root = copy_project(tmp_path / "project")
    done = run_process("--root", root, "build", "119", "--format", "pdf", "--print-marks")
    assert done.returncode == 0, done.stderr
    pdf = root / "build" / "119" / "psg-update-119.pdf"
    page = PdfReader(pdf).pages[0]
    bleed = 3 * 72 / 25.4
    assert float(page.mediabox.width) == pytest.approx(A4[0] + 2 * bleed, abs=0.1)
    assert float(page.trimbox.width) == pytest.approx(A4[0], abs=0.1)
    assert float(page.trimbox.height) == pytest.approx(A4[1], abs=0.1)
    for old in artifacts.glob("psg-update-119-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts / "psg-update-119")], check=True
    )
    assert len(list(artifacts.glob("psg-update-119-*.png"))) == len(PdfReader(pdf).pages)


def test_fonts_shared_across_issues_change_no_byte(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    a, b = tmp_path / "a", tmp_path / "b"
    together = run_process("--root", root, "build", "118-119", "--format", "pdf", "--out", a)
    alone = run_process("--root", root, "build", "119", "--format", "pdf", "--out", b)
    assert together.returncode == alone.returncode == 0, together.stderr + alone.stderr
    built = [out / "119" / "psg-update-119.pdf" for out in (a, b)]
    assert built[0].read_bytes() == built[1].read_bytes()


@pytest.mark.parametrize("variant", ["pdf/ua-1", "none"])
def test_pdf_variant_option(tmp_path: Path, variant: str) -> None:
    root = copy_project(tmp_path / "project")
    done = run_process("--root", root, "build", "119", "--format", "pdf", "--pdf-variant", variant)
    assert done.returncode == 0, done.stderr
    catalog = PdfReader(root / "build" / "119" / "psg-update-119.pdf").root_object
    assert b"pdfaid:part" not in xmp(catalog)
    if variant == "pdf/ua-1":
        mark_info = catalog["/MarkInfo"]
        assert isinstance(mark_info, DictionaryObject) and bool(mark_info["/Marked"])
        assert "/StructTreeRoot" in catalog
        assert b"pdfuaid:part" in xmp(catalog)
    else:
        assert "/StructTreeRoot" not in catalog


def test_a_warning_of_the_renderer_fails_the_build(tmp_path: Path) -> None:
    from psgnews.content.load import load_issue
    from psgnews.content.project import open_root
    from psgnews.core.errors import RenderError
    from psgnews.render import documents
    from psgnews.render.pdf import weasy

    root = make_project(tmp_path / "p")
    issue = load_issue(open_root(root), 5)
    html = documents.print_html(issue).replace("</style>", "p { colour: red; }</style>")
    with pytest.raises(RenderError, match="the PDF renderer reported: Ignored `colour: red`"):
        weasy.render(issue, html, root)


def test_a_file_of_the_issue_folder_its_content_does_not_show_is_refused(tmp_path: Path) -> None:
    from psgnews.content.load import load_issue
    from psgnews.content.project import open_root
    from psgnews.core.errors import RenderError
    from psgnews.render import documents
    from psgnews.render.pdf import weasy

    root = make_project(tmp_path / "p")
    shutil.copy(root / "issues/5/images/river.png", root / "issues/5/images/unlisted.png")
    issue = load_issue(open_root(root), 5)
    assert [image.name for image in issue.images] == ["issues/5/images/river.png"]
    extra = '<img src="images/unlisted.png" alt="not in any article"></main>'
    html = documents.print_html(issue).replace("</main>", extra)
    with pytest.raises(RenderError, match="not an image the issue's content shows"):
        weasy.render(issue, html, root)


def test_a_process_makes_its_font_configuration_once() -> None:
    from psgnews.render.pdf import weasy

    fonts = weasy.shared_fonts()
    assert fonts is not None and weasy.shared_fonts() is fonts


def test_print_html_nested_too_deeply_is_a_render_error_naming_the_layout(tmp_path: Path) -> None:
    from psgnews.content.load import load_issue
    from psgnews.content.project import open_root
    from psgnews.core.errors import RenderError
    from psgnews.render import documents
    from psgnews.render.pdf import weasy

    root = make_project(tmp_path / "p")
    issue = load_issue(open_root(root), 5)
    deep = "<blockquote>" * 300 + "deep" + "</blockquote>" * 300  # as only a layout can write it
    html = documents.print_html(issue).replace("</main>", deep + "</main>")
    expected = (
        "issue 5, layout default: the print HTML nests elements too deeply for the PDF renderer"
    )
    with pytest.raises(RenderError, match=expected):
        weasy.render(issue, html, root)


def test_what_the_renderer_reports_is_one_line(tmp_path: Path) -> None:
    from psgnews.content.load import load_issue
    from psgnews.content.project import open_root
    from psgnews.core.errors import RenderError
    from psgnews.render import documents
    from psgnews.render.pdf import weasy

    root = make_project(tmp_path / "p")
    issue = load_issue(open_root(root), 5)
    # As only a layout can write it now: `check` refuses U+2028 in content.
    html = documents.print_html(issue).replace("</main>", "<p>one\u2028two</p></main>")
    with pytest.raises(RenderError) as raised:
        weasy.render(issue, html, root)
    assert "U+2028" in str(raised.value) and len(str(raised.value).splitlines()) == 1
