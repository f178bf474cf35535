"""The first layout of a long issue is the one kept: notes stay with their calls and
the last page is full enough, without the second layout fit.py can ask for.

The synthetic archive's issues (synthetic/make_archive.py) are the case: eight
articles, each with a footnote and a picture. Before these rules, Update 20 had
two notes put off from their calls and half of the first twenty issues ended on
a page of under eight lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import weasyprint

from psgnews.content.load import load_issues
from psgnews.content.project import open_root
from psgnews.render import documents
from psgnews.render.pdf import fit, laid, weasy
from synthetic.make_archive import make_archive

NOTES_PUT_OFF = 20  # an issue of the synthetic archive where WeasyPrint parts notes from calls
SHORT_ENDS = (6, 8, 10)  # issues that ended on a page of 4 lines


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a synthetic archive holding the issues these tests lay out."""
    target = tmp_path_factory.mktemp("archive")
    for number in (NOTES_PUT_OFF, *SHORT_ENDS):
        make_archive(target, issues=1, first=number)
    return target


def laid_out(archive: Path, number: int) -> list[laid.Page]:
    """Return the pages of one plain WeasyPrint layout of issue `number`'s print HTML."""
    root = open_root(archive)
    issue = next(iter(load_issues(root, [number])))
    html = weasyprint.HTML(
        string=documents.print_html(issue), base_url=(archive / issue.folder_name).as_uri() + "/"
    )
    return [laid.page(index, page) for index, page in enumerate(html.render().pages)]


def notes_put_off(pages: list[laid.Page]) -> int:
    """Return how many pages set a note whose call is on the page before."""
    return sum(bool(set(page.notes) & set(before.calls)) for before, page in pairwise(pages))


@pytest.fixture
def weasyprint_own_context() -> Iterator[None]:
    """Lay out with WeasyPrint's own layout context, as if psgnews did not set its own."""
    ours: Any = weasyprint.document.LayoutContext
    weasyprint.document.LayoutContext = weasyprint.layout.LayoutContext
    try:
        yield
    finally:
        weasyprint.document.LayoutContext = ours


@pytest.mark.slow
def test_weasyprint_alone_puts_notes_off_from_their_calls_here(
    archive: Path, weasyprint_own_context: None
) -> None:
    assert notes_put_off(laid_out(archive, NOTES_PUT_OFF)) > 0


@pytest.mark.slow
def test_notes_stay_on_the_page_of_their_calls_in_the_first_layout(archive: Path) -> None:
    assert weasyprint.document.LayoutContext is weasy._NotesStayContext
    pages = laid_out(archive, NOTES_PUT_OFF)
    assert notes_put_off(pages) == 0
    assert sum(len(page.notes) for page in pages) == 8  # every article's note is set


@pytest.mark.slow
@pytest.mark.parametrize("number", SHORT_ENDS)
def test_the_last_page_holds_eight_lines_in_the_first_layout(archive: Path, number: int) -> None:
    pages = laid_out(archive, number)
    assert len(pages) > 1
    assert pages[-1].lines >= fit.LINES


# Issue 8's first layout leaves a page 15% empty above an article's head: it is set tighter.
@pytest.mark.slow
@pytest.mark.parametrize("number", (NOTES_PUT_OFF, 6, 10))
def test_the_first_layout_needs_no_second_look(archive: Path, number: int) -> None:
    root = open_root(archive)
    issue = next(iter(load_issues(root, [number])))
    document = weasyprint.HTML(
        string=documents.print_html(issue), base_url=(archive / issue.folder_name).as_uri() + "/"
    )
    assert not fit.adjust(document.render().pages, document.etree_element)
