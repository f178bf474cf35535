"""A listing saved as HTML reads as the same items as its plain-text form."""

from __future__ import annotations

from pathlib import Path

import pytest

from psgnews.content.project import open_root
from psgnews.core.errors import ImportFailedError
from psgnews.legacy.htmlpage import Link, lines
from psgnews.legacy.importer import plan_import
from psgnews.legacy.listing import read_listing
from tests.conftest import FIXTURES
from tests.legacy.test_listing import SEED_COPY

HTML = FIXTURES / "listing-html" / "news.html"


def _items(path: Path) -> list[tuple[object, ...]]:
    listing = read_listing(path, path.name)
    assert listing.unread == []
    return [
        (i.title, i.number, i.date, [(b.kind, b.text) for b in i.blocks]) for i in listing.items
    ]


def test_html_listing_reads_as_the_text_listing() -> None:
    assert _items(HTML) == _items(SEED_COPY)


def test_html_lines_point_at_the_source() -> None:
    listing = read_listing(HTML, "news.html")
    assert [(i.line, i.title) for i in listing.items[:2]] == [
        (11, "Setbacks for Reparations Process: Debate over Ojo que Llora Monument"),
        (17, "69 Congresspersons vote to support TRC Recommendations"),
    ]
    assert listing.links[-1] == Link(92, "https://www.example.org/join", "Become a member")


def test_old_style_breaks_and_stray_text() -> None:
    blocks, links = lines(
        "<body><h1>News</h1>\n<ul><li><b>Cocaine <i>Figures</i> Up</b><br>Update 118."
        " 30 November 2006<br><br>In its &ldquo;latest&rdquo; report.</li></ul>"
        "<script>var x = '<li>no</li>';</script></body>"
    )
    assert [(b.number, b.kind, b.text) for b in blocks] == [
        (1, "text", "News"),
        (2, "title", "Cocaine Figures Up"),
        (2, "text", "Update 118. 30 November 2006"),
        (2, "text", "In its “latest” report."),
    ]
    assert links == []


def test_a_nested_entry_of_several_paragraphs_stays_one_entry() -> None:
    blocks, _ = lines("<ul><li>Join<ul><li><p>Keep up</p><p>to date</p></li></ul></li></ul>")
    assert [(b.kind, b.text) for b in blocks] == [("title", "Join"), ("bullet", "Keep up to date")]


def test_an_item_ends_where_the_next_begins_without_end_tags() -> None:
    blocks, _ = lines("<ul><li>First item<p>text<li>Second item<p>text</ul>")
    assert [(b.kind, b.text) for b in blocks] == [
        ("title", "First item"),
        ("text", "text"),
        ("title", "Second item"),
        ("text", "text"),
    ]


def test_a_listing_without_optional_end_tags_reads_as_with_them() -> None:
    page = HTML.read_text(encoding="utf-8")
    assert "</li>" in page and "</p>" in page
    bare = page.replace("</li>", "").replace("</p>", "")
    assert lines(bare) == lines(page)


@pytest.mark.parametrize("declared", ["windows-1252", "ISO-8859-1"])
def test_a_page_in_its_declared_windows_1252_reads(tmp_path: Path, declared: str) -> None:
    page = HTML.read_text(encoding="utf-8").replace('charset="utf-8"', f'charset="{declared}"')
    page = page.replace("Cocaine Figures Up", "Cocaine Figures Up in Perú’s")
    path = tmp_path / "news.html"
    path.write_bytes(page.encode("cp1252"))
    listing = read_listing(path, "news.html")
    assert listing.notes == ["news.html: not UTF-8; read as windows-1252, as the page declares"]
    assert listing.items[2].title == "Cocaine Figures Up in Perú’s"
    assert listing.unread == []


@pytest.mark.parametrize("declared", ["undefined", "x-user-defined", "replacement"])
def test_a_page_declaring_an_encoding_python_cannot_read_is_refused_at_its_line(
    tmp_path: Path, declared: str
) -> None:
    page = HTML.read_text(encoding="utf-8").replace('charset="utf-8"', f"charset={declared}")
    page = page.replace("Cocaine Figures Up", "Cocaine Figures Up in Perú")
    path = tmp_path / "news.html"
    path.write_bytes(page.encode("cp1252"))
    line = page[: page.index("Perú")].count("\n") + 1
    with pytest.raises(ImportFailedError, match=f"^news.html:{line}: not UTF-8 \\(byte 0xfa\\)"):
        read_listing(path, "news.html")


def test_template_furniture_is_known_by_its_class_or_id(root: Path) -> None:
    page = FIXTURES / "listing-template" / "news.html"
    plan = plan_import(open_root(root), [page])
    assert plan.unread == []
    titles = sorted(t.path for t in plan.targets if t.kind == "article")
    assert titles == ["141/dam-on-the-apurimac.yaml", "141/mining-law-reaches-congress.yaml"]
    dropped = [e.text for e in plan.account if e.became == "page furniture (dropped)"]
    assert dropped == [
        "Peru Support Group",  # <div id="header">
        "Working for human rights in Peru since 1983",
        "Share this story with your friends",  # <div class="share-this"> within an item
        "Recent stories from our partners in Lima",  # <div id="sidebar">
        "Workshop on prior consultation held in Cusco last week",
        "Write to the Group at our office any weekday",  # <div class="site-footer">
    ]
