"""Reading old listings: items, datelines, lists, and every line not understood."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psgnews.content.htmltree import PAGE_DEPTH
from psgnews.core.errors import ImportFailedError
from psgnews.legacy.datelines import NOT_A_DATE
from psgnews.legacy.listing import parse_date, read_listing
from tests.conftest import FIXTURES, Run

# The Group's old news page, as ../shared/seed/ holds it beside the repository.
SEED_COPY = FIXTURES / "listing-seed" / "news.txt"


def listing_of(tmp_path: Path, text: str, name: str = "news.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_seed_gives_every_item() -> None:
    listing = read_listing(SEED_COPY, "news.txt")
    assert listing.unread == []
    summary = [(i.line, i.number, i.date) for i in listing.items]
    assert [n for _, n, _ in summary] == [119, 119, 118, 118, 117, 117, 117, 117, 117, None] + [
        None
    ] * 4
    assert summary[9] == (55, None, datetime.date(2006, 7, 31))
    why_join = listing.items[-1]
    assert why_join.title == "Why join the PSG?"
    assert [b.kind for b in why_join.blocks] == ["bullet", "bullet", "bullet", "text"]
    assert why_join.blocks[-1].text == "Become a member"


def test_wrapped_lines_join_and_datelines_vary(tmp_path: Path) -> None:
    text = """\
• Mining protests
  in Cajamarca
    Update 12, 1st Feb. 2001
    The first line of the summary
    and its second line.

    A second paragraph.
\t• A list entry
  • Next item
    3 March 1999
    A briefing.
"""
    listing = read_listing(listing_of(tmp_path, text), "news.txt")
    assert listing.unread == []
    first, second = listing.items
    assert (first.title, first.number, first.date) == (
        "Mining protests in Cajamarca",
        12,
        datetime.date(2001, 2, 1),
    )
    assert [(b.number, b.kind, b.text) for b in first.blocks] == [
        (4, "text", "The first line of the summary and its second line."),
        (7, "text", "A second paragraph."),
        (8, "bullet", "A list entry"),
    ]
    assert (second.number, second.date) == (None, datetime.date(1999, 3, 3))


def test_lines_not_understood_are_reported_with_their_numbers(tmp_path: Path) -> None:
    text = """\
News from the Peru Support Group

• One
    Update 12. 31 Febuary 2001
    Text.
• Two
    Update 13. 30 February 2001
    Text.
• Three
    Update 14. 1 March 2001
    Text.
    Update 15. 2 March 2001
"""
    listing = read_listing(listing_of(tmp_path, text), "news.txt")
    assert [(u.line, u.why) for u in listing.unread] == [
        (1, "text outside any item"),
        (4, NOT_A_DATE),
        (7, NOT_A_DATE),
        (12, "an Update line after the item's text (is a bullet missing?)"),
    ]
    assert str(listing.unread[0]) == (
        'news.txt:1: not understood: text outside any item: "News from the Peru Support Group"'
    )


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("31 January 2007", datetime.date(2007, 1, 31)),
        ("1st Sept 2006", datetime.date(2006, 9, 1)),
        ("2 dec. 2006", datetime.date(2006, 12, 2)),
        ("30 February 2006", None),
        ("31 Janvier 2007", None),
        ("January 31, 2007", None),
    ],
)
def test_parse_date(text: str, date: datetime.date | None) -> None:
    assert parse_date(text) == date


def test_a_listing_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_bytes("\n  Peru’s news\n".encode("cp1252"))
    with pytest.raises(ImportFailedError, match=r"news.txt:2: not UTF-8 \(byte 0x92\)"):
        read_listing(path, "news.txt")


def test_a_missing_listing_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailedError, match=r"nope\.txt: cannot read"):
        read_listing(tmp_path / "nope.txt", "nope.txt")


def test_a_listing_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "news.html"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    with pytest.raises(ImportFailedError, match=r"news\.html: cannot read: it is a FIFO"):
        read_listing(fifo, "news.html")


def test_a_page_nested_past_the_limit_is_refused_at_its_line(
    tmp_path: Path, project: Path, run: Run
) -> None:
    page = tmp_path / "news.html"
    page.write_text("<html><body>\n<p>Update 141</p>\n" + "<div>" * 1000 + "deep" + "</div>" * 1000)
    with pytest.raises(
        ImportFailedError, match=rf"^news\.html:3: nested {PAGE_DEPTH + 1} elements deep"
    ):
        read_listing(page, "news.html")
    result = run("--root", project, "import", "--dry-run", page)
    assert result.exit_code == 1 and "news.html:3: nested" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


@settings(max_examples=15, deadline=datetime.timedelta(seconds=30))
@given(tags=st.lists(st.sampled_from(["div", "ul", "li", "table", "td", "font", "b", "center"]), min_size=1),
       depth=st.integers(1, 40_000))  # fmt: skip
def test_any_nesting_in_a_page_imports_or_is_refused_in_linear_time(
    tmp_path_factory: pytest.TempPathFactory, tags: list[str], depth: int
) -> None:
    page = tmp_path_factory.mktemp("page") / "news.html"
    opened = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    page.write_text(f"<html><body>\n{opened}Update 141. 31 August 2011")
    try:
        read_listing(page, "news.html")
    except ImportFailedError as e:
        assert str(e).startswith("news.html:2: nested")
