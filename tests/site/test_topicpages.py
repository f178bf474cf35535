"""A section's or tag's pages: the newest entries at its address, older ones 50 a page, linked."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import html5lib
import pytest

from psgnews.content.project import open_root
from psgnews.site import archive as web
from psgnews.site.topicpages import PER_PAGE, topic_pages
from synthetic.make_archive import make_archive


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of two issues and 500 news items: each section holds over 100 entries."""
    root = make_archive(tmp_path_factory.mktemp("big"), issues=2, articles=2, words=20, news=500)
    web.publish(open_root(root))
    return root / "build" / "web"


def entries_of(page: Path) -> list[str]:
    return re.findall(r'<li class="entry">\s*<h2[^>]*><a href="([^"]+)"', page.read_text())


@pytest.mark.parametrize("count", [1, 49, 50, 99, 100, 149, 150, 3000])
def test_the_first_page_holds_50_to_99_and_the_others_exactly_50(count: int) -> None:
    day = datetime.date(2020, 1, 1)
    items = [SimpleNamespace(date=day - datetime.timedelta(days=n)) for n in range(count)]
    entries: list[Any] = [(None, item) for item in items]  # only their dates are read
    pages = topic_pages("mining", entries)
    assert [e for page in pages for e in page.entries] == entries  # each once, in order
    assert pages[0].name == "mining.html"
    assert PER_PAGE <= len(pages[0].entries) < 2 * PER_PAGE or len(pages) == 1
    assert all(len(page.entries) == PER_PAGE for page in pages[1:])
    assert [p.name for p in pages[1:]] == [
        f"mining.page-{k}.html" for k in range(len(pages) - 1, 0, -1)
    ]


def test_every_entry_is_on_one_page_and_the_pages_lead_to_each_other(big: Path) -> None:
    sections = big / "sections"
    for first in sections.glob("*[!0-9].html"):
        slug = first.name.removesuffix(".html")
        older = sorted(
            sections.glob(f"{slug}.page-*.html"), key=lambda p: -int(p.stem.split("-")[-1])
        )
        chain = [first, *older]
        listed = [href for page in chain for href in entries_of(page)]
        assert len(listed) == len(set(listed))
        count = re.search(
            rf'href="sections/{slug}.html">[^<]*</a> <span class="count">(\d+)',
            (big / "topics.html").read_text(),
        )
        assert count and len(listed) == int(count[1])
        for index, page in enumerate(chain):
            html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page.read_bytes())
            text = page.read_text()
            assert len(entries_of(page)) < 2 * PER_PAGE
            if len(chain) == 1:
                assert '<nav class="pages"' not in text
                continue
            nav = text.split('<nav class="pages"')[1].split("</nav>")[0]
            assert re.findall(r'<li><a href="([^"]+)"', nav) == [p.name for p in chain]
            assert f'href="{page.name}" aria-current="page">{index + 1}<' in nav
            newer = re.search(r'rel="prev" href="([^"]+)"', nav)
            older_link = re.search(r'rel="next" href="([^"]+)"', nav)
            assert (newer[1] if newer else None) == (chain[index - 1].name if index else None)
            after = chain[index + 1].name if index + 1 < len(chain) else None
            assert (older_link[1] if older_link else None) == after
    assert len(list(sections.glob("*.page-1.html"))) == 4  # 500 items in four sections


def test_the_pages_are_the_same_bytes_when_built_again(big: Path, tmp_path: Path) -> None:
    again = make_archive(tmp_path / "again", issues=2, articles=2, words=20, news=500)
    web.publish(open_root(again))
    for folder in ("sections", "tags"):
        for page in (big / folder).glob("*.html"):
            assert (again / "build" / "web" / folder / page.name).read_bytes() == page.read_bytes()
