"""The printed pages of the sample Updates and of the stress issue, measured as a printer would.

The stress issue (tests/fixtures/stress/, Update 121) has seven articles: long
bodies, headings at two levels, lists, a table, quotations, notes, a Spanish
article and a lead photograph; Update 122 (tests/fixtures/portrait/) has three
upright phone photographs, two leading articles and one in the text. Every page of every PDF is kept as a PNG in
tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from synthetic.make_archive import make_archive
from tests.conftest import add_fixture_issues, copy_project, run_process
from tests.render.pdf import measure

pytestmark = pytest.mark.slow

NUMBERS = (117, 118, 119, 121, 122)
STRESS = 121
SPANISH = ("Comunidades",)  # how the stress issue's one Spanish title begins
PORTRAIT = 122
PICTURE = 95  # the tallest a picture may print, in mm (print.css)
SYNTHETIC = 3  # an eight-article issue of the synthetic archive
HOLE = 0.15  # the largest empty band a page but the last may keep, as a share of its text area
LINES = 8  # the fewest lines of text on any page of an issue of more than one page
FOOTER = re.compile(r"· page \d+ of \d+$")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """The PDFs of the sample Updates, the stress issue and the portrait one, built once."""
    project = add_fixture_issues(copy_project(tmp_path_factory.mktemp("pages") / "p"), "stress")
    add_fixture_issues(project, "portrait")
    done = run_process("--root", project, "build", *NUMBERS, "--format", "pdf", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return {n: project / "build" / str(n) / f"psg-update-{n}.pdf" for n in NUMBERS}


@pytest.fixture(scope="module")
def every_pdf(pdfs: dict[int, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """The sample's and stress issue's PDFs, and that of an eight-article synthetic issue."""
    archive = make_archive(tmp_path_factory.mktemp("synthetic"), issues=1, first=SYNTHETIC)
    done = run_process("--root", archive, "build", SYNTHETIC, "--format", "pdf", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return {**pdfs, SYNTHETIC: archive / "build" / str(SYNTHETIC) / f"psg-update-{SYNTHETIC}.pdf"}


def pages(pdf: Path, *, layout: bool = True) -> list[str]:
    """Return the text of each page of `pdf` (laid out as on the page, by default)."""
    mode = ["-layout"] if layout else []
    done = subprocess.run(
        ["pdftotext", *mode, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")[: len(PdfReader(pdf).pages)]


def pictures(pdf: Path) -> list[tuple[int, float]]:
    """Return the page (from 1) and printed height in mm of every picture in `pdf`."""
    done = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    rows = [line.split() for line in done.stdout.splitlines()[2:]]
    # The height: the image's rows over its vertical resolution as placed.
    return [(int(r[0]), int(r[4]) / int(r[13]) * 25.4) for r in rows if r[2] == "image"]


def flow_lines(page: str) -> list[str]:
    """Return the lines of a page's text but its footer and running head."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [line for line in lines if not FOOTER.search(line)]


def test_every_page_is_kept_as_an_image(every_pdf: dict[int, Path], artifacts: Path) -> None:
    for number, pdf in every_pdf.items():
        for old in artifacts.glob(f"pdf-{number}-*.png"):
            old.unlink()
        prefix = str(artifacts / f"pdf-{number}")
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), prefix], check=True)
        assert len(list(artifacts.glob(f"pdf-{number}-*.png"))) == len(PdfReader(pdf).pages)


@pytest.mark.parametrize("number", NUMBERS)
def test_no_straight_quotes_in_the_text(pdfs: dict[int, Path], number: int) -> None:
    text = "".join(pages(pdfs[number], layout=False))
    assert not re.findall(r".{0,20}['\"].{0,20}", text)


@pytest.mark.parametrize("number", NUMBERS)
def test_no_page_holds_only_a_few_lines(pdfs: dict[int, Path], number: int) -> None:
    texts = pages(pdfs[number])
    shown = {page for page, _ in pictures(pdfs[number])}  # a picture fills a page as text does
    if len(texts) > 1:
        counts = [len(flow_lines(t)) for i, t in enumerate(texts, start=1) if i not in shown]
        assert min(counts, default=LINES) >= LINES, counts


def test_the_stress_issue_runs_over_several_pages(pdfs: dict[int, Path]) -> None:
    assert len(PdfReader(pdfs[STRESS]).pages) >= 5


def test_body_lines_are_a_readable_measure(pdfs: dict[int, Path]) -> None:
    # Lines of running text: long enough not to be a heading, a list entry's end or a footer.
    lines = [
        " ".join(line.split())
        for text in pages(pdfs[STRESS])
        for line in flow_lines(text)
        if len(line) >= 40 and "·" not in line
    ]
    assert 55 <= statistics.median(len(line) for line in lines) <= 80


def test_no_more_than_three_hyphenated_lines_in_a_row(pdfs: dict[int, Path]) -> None:
    for number in NUMBERS:
        for text in pages(pdfs[number]):
            run = 0
            for line in flow_lines(text):
                run = run + 1 if re.search(r"\w[-‐]$", line) else 0
                assert run <= 3, (number, line)


def test_titles_are_never_hyphenated(pdfs: dict[int, Path]) -> None:
    reader = PdfReader(pdfs[STRESS])
    text = " ".join("".join(pages(pdfs[STRESS], layout=False)).split())
    for outline in reader.outline:
        assert str(getattr(outline, "title", "")) in text


def test_the_cover_holds_the_first_article_beside_its_lead_photo(pdfs: dict[int, Path]) -> None:
    cover = " ".join(pages(pdfs[STRESS], layout=False)[0].split())
    assert "This is test text. It stands in for the kind of feature" in cover


def test_a_one_page_issue_prints_no_contents(pdfs: dict[int, Path]) -> None:
    assert len(PdfReader(pdfs[118]).pages) == 1
    assert "IN THIS ISSUE" not in pages(pdfs[118])[0]
    assert len(PdfReader(pdfs[117]).pages) > 1
    assert "IN THIS ISSUE" in pages(pdfs[117])[0]


def test_a_page_that_continues_an_article_names_it(pdfs: dict[int, Path]) -> None:
    reader = PdfReader(pdfs[STRESS])
    outline = [o for o in reader.outline if isinstance(o, Destination)]
    top = float(reader.pages[0].mediabox.top) - measure.TOP
    starts = [(reader.get_destination_page_number(o) or 0, float(o.top or 0)) for o in outline]
    articles = [str(o.title) for o in outline][:-2]  # the last two are the standing pieces
    continued = 0
    for index, text in enumerate(pages(pdfs[STRESS])[1:], start=1):
        head = text.strip().splitlines()[0].strip()
        # A title within a line or two of the text area's top: the page opens on an article.
        if any(page == index and place > top - 40 for page, place in starts):
            assert "(continued)" not in head, index
            continue
        latest = max(i for i, (page, _) in enumerate(starts) if page < index)
        if latest < len(articles):
            title = articles[latest]
            said = (
                "(continuación)" if title.startswith(SPANISH) else "(continued)"
            )  # the article's language
            assert head == f"{title} {said}", index
            continued += 1
    assert continued >= 3  # the stress issue's pages opening on a table, a list, a line


def test_links_print_their_address(pdfs: dict[int, Path]) -> None:
    text = "".join("".join(pages(pdfs[STRESS], layout=False)).split())  # lines may break it
    assert "theirsummary(www.example.org/roads/summary)" in text
    # A long address is a note at the foot of the page, not a line broken in its middle.
    notes = [line for text in pages(pdfs[STRESS]) for line in flow_lines(text)]
    assert any(re.match(r"\d+\. www\.example\.org/ministerio/transportes/", n) for n in notes)
    # A bare address is its own text: it is not printed twice.
    assert text.count("www.example.org/interoceanica") == 1


def test_an_article_shows_its_date_only_where_it_is_not_the_issues(pdfs: dict[int, Path]) -> None:
    texts = pages(pdfs[STRESS], layout=False)
    body = [line for text in texts for line in text.splitlines() if not FOOTER.search(line)]
    assert sum("31 May 2007" in line for line in body) == 1  # the masthead's
    assert any("12 May 2007" in line for line in body)


def test_headings_are_sized_against_the_text(pdfs: dict[int, Path]) -> None:
    heights = word_heights(pdfs[STRESS])
    body = statistics.median(heights["stands"])
    assert heights["talks"][0] / body == pytest.approx(1.25, rel=0.04)  # ## What the talks are for
    assert heights["Who"][0] / body == pytest.approx(1.125, rel=0.04)  # ### Who sits at the table


def word_heights(pdf: Path) -> dict[str, list[float]]:
    """Return the heights of the boxes of each word of `pdf`, which scale with its type size."""
    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    found: dict[str, list[float]] = {}
    pattern = r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>'
    for y_min, y_max, word in re.findall(pattern, done.stdout):
        found.setdefault(word, []).append(float(y_max) - float(y_min))
    return found


def test_no_page_but_the_last_keeps_a_hole(every_pdf: dict[int, Path]) -> None:
    for number, pdf in every_pdf.items():
        shares = measure.holes(pdf)
        assert max(shares[:-1], default=0) <= HOLE, (number, [round(s, 2) for s in shares])


def test_the_standing_pieces_follow_the_last_article(every_pdf: dict[int, Path]) -> None:
    # Update 119's two short articles and its standing pieces share one page.
    assert len(PdfReader(every_pdf[119]).pages) == 1
    for number, pdf in every_pdf.items():
        reader = PdfReader(pdf)
        outline = [o for o in reader.outline if isinstance(o, Destination)]
        first = next(o for o in outline if str(o.title) in ("PSG Aims", "Our aims"))
        page_top = float(reader.pages[0].mediabox.top) - measure.TOP
        assert float(first.top or 0) < page_top - 20, number  # something is set above it


def test_no_page_opens_with_a_rule(every_pdf: dict[int, Path]) -> None:
    for number, pdf in every_pdf.items():
        assert measure.rules_at_top(pdf) == [], number


def test_few_lines_set_loose(every_pdf: dict[int, Path]) -> None:
    for number, pdf in every_pdf.items():
        wide, lines = measure.loose(pdf)
        assert wide <= 0.05 * lines, (number, wide, lines)
    assert measure.loose(every_pdf[SYNTHETIC])[1] > 300


def test_long_words_are_hyphenated(pdfs: dict[int, Path]) -> None:
    ends = [line for text in pages(pdfs[STRESS]) for line in flow_lines(text)]
    assert sum(bool(re.search(r"\w[-‐]$", line)) for line in ends) >= 5


def test_running_text_ends_on_the_column(every_pdf: dict[int, Path]) -> None:
    for number, pdf in every_pdf.items():
        assert measure.past_the_column(pdf) == [], number


def test_no_picture_prints_taller_than_its_cap(every_pdf: dict[int, Path]) -> None:
    heights = {n: [height for _, height in pictures(pdf)] for n, pdf in every_pdf.items()}
    assert len(heights[PORTRAIT]) == 3  # the lead photographs and the one in the text
    assert max(h for found in heights.values() for h in found) <= PICTURE + 0.5, heights
