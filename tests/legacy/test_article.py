"""An old article page: its heading, its date, its text as Markdown, its furniture dropped."""

from __future__ import annotations

import datetime

from psgnews.content import htmltree
from psgnews.content.dates import Dateline
from psgnews.legacy.article import ArticlePage, markdown, read_article
from tests.conftest import FIXTURES

SITE = FIXTURES / "mirror-site" / "www.example.org"


def article_of(html: str, source: str = "page.html") -> ArticlePage | None:
    return read_article(htmltree.parse_page(html), source)


def test_an_article_page_gives_its_title_date_and_text() -> None:
    page = article_of((SITE / "news-article-785.html").read_text(encoding="utf-8"))
    assert page is not None
    assert (page.title, page.line, page.dated.date) == (
        "Court absolves protesters",
        8,
        Dateline(datetime.date(2016, 9, 24)),
    )
    assert markdown(page.body) == (
        "A court in **Cajamarca** absolved nineteen people charged after the 2012 protests.\n\n"
        "The judges found *no evidence* against them; the"
        " [ruling](https://www.example.org/ruling.pdf) runs to forty pages.\n\n"
        "- Nineteen absolved\n- Two still on trial\n"
    )
    dropped = [
        (line, text) for line, role, text in page.roles if role == "page furniture (dropped)"
    ]
    assert dropped == [
        (5, "Logo"),
        (5, "News from Peru"),
        (6, "Home"),
        (6, "News"),
        (17, "Share Email"),
        (19, "Peru Support Group, 52 Anywhere Street, London N1 9XX"),
    ]
    for line, text in dropped:
        assert f'page.html:{line}: dropped page furniture: "{text}"' in page.notes
    assert 'page.html:6: link to index.html kept as its text only ("Home")' in page.notes


def test_markdown_of_the_text_is_escaped_and_its_headings_kept() -> None:
    page = article_of(
        "<h1>Title</h1><p>Update 3. 31 May 2011</p><p>1. Not a list *as written*</p>"
        "<h2>More</h2><ol><li>one<li>two</ol><p>A <i>b</i> <a href='http://x.org/'>c</a>"
    )
    assert page is not None
    assert (page.dated.number, page.dated.date.iso) == (3, "2011-05-31")
    assert markdown(page.body) == (
        "1\\. Not a list \\*as written\\*\n\n### More\n\n1. one\n1. two\n\n"
        "A *b* [c](http://x.org/)\n"
    )


def test_a_page_with_no_date_after_its_heading_is_no_article_page() -> None:
    assert article_of("<h1>About us</h1><p>Who we are.</p>") is None
    assert article_of("<p>24 September 2016</p><p>No heading.</p>") is None
    assert article_of("<nav><h1>Menu</h1></nav><p>24 September 2016</p>") is None
