"""The web archive's News stream: a page per briefing and series item, listed by year, filed and fed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from PIL import Image

from psgnews.content.project import open_root
from psgnews.core.errors import ContentError
from psgnews.site import archive as web
from psgnews.site.news import page_path
from tests.conftest import add_fixture_issues, copy_project
from tests.site.test_archive import ATOM, links, pages, pages_among

BRIEFING = "issues/_briefings/2011-03-15-mining-conflict-in-cajamarca.yaml"
ITEM = "news/peru-news-065-election-run-off/index.html"


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """The sample Updates, the stress issue (tags), three briefings and four Peru News items."""
    project = copy_project(tmp_path / "project")
    add_fixture_issues(add_fixture_issues(project, "stress"), "news")
    web.publish(open_root(project))
    return project


def test_every_item_has_a_valid_page_styled_as_the_archive(newsroom: Path) -> None:
    top = newsroom / "build" / "web"
    found = sorted(p.parent.name for p in (top / "news").glob("*/index.html"))
    assert found == [
        "2006-07-31-us-peruvian-free-trade-agreement",
        "2011-03-15-mining-conflict-in-cajamarca",
        "2016-09-24-tribunal-absuelve-a-manifestantes",
        "peru-news-064-water-law-debated",
        "peru-news-065-election-run-off",
        "peru-news-065-mining-protests",
        "peru-news-066-new-cabinet",
    ]
    for page in [top / "news" / "index.html", *(top / "news").glob("*/index.html")]:
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page.read_bytes())
        text = page.read_text()
        lang = "es" if "tribunal-absuelve" in page.as_posix() else "en-GB"
        assert text.startswith(f'<!DOCTYPE html>\n<html lang="{lang}" dir="ltr">'), page
        assert re.search(r'<meta name="description" content="[^"]{20,}">', text), page
        assert '<nav class="site-nav" aria-label="Archive">' in text and "web.css" not in text
    item = (top / ITEM).read_text()
    assert "<title>Election run-off · Peru News 65 · Peru Support Group</title>" in item
    assert '<h1 class="article-title" lang="en-GB">Election run-off</h1>' in item
    assert 'News</a> · Peru News 65 · <time datetime="2011-05-31">31 May 2011</time>' in item
    assert '<a href="../../tags/elections.html">elections</a>' in item
    spanish = top / "news" / "2016-09-24-tribunal-absuelve-a-manifestantes" / "index.html"
    assert (
        '<h1 class="article-title" lang="es">Tribunal absuelve a manifestantes</h1>'
        in spanish.read_text()
    )


def test_the_news_pages_list_every_item_a_page_a_year_newest_first(newsroom: Path) -> None:
    folder = newsroom / "build" / "web" / "news"
    index = (folder / "index.html").read_text()
    assert index == (folder / "2016.html").read_text()  # the newest year's page
    years = ["2016", "2011", "2006"]
    assert re.findall(r'<a href="(\d+)\.html"', index) == years
    assert '<a href="2016.html" aria-current="page">' in index
    shown = []
    for year in years:
        page = (folder / f"{year}.html").read_text()
        assert re.findall(r'<section class="year" id="year-(\d+)">', page) == [year]
        shown += re.findall(r'<p class="issue-date">(.*?)</p>\s*<h3[^>]*><a href="([^"]+)">', page)
    assert [(re.sub(r"<[^>]+>", "", when), href.split("/")[0]) for when, href in shown] == [
        ("24 September 2016", "2016-09-24-tribunal-absuelve-a-manifestantes"),
        ("Peru News 66 · June/July 2011", "peru-news-066-new-cabinet"),
        ("Peru News 65 · 31 May 2011", "peru-news-065-election-run-off"),  # as its files
        ("Peru News 65 · 31 May 2011", "peru-news-065-mining-protests"),
        ("Peru News 64 · April 2011", "peru-news-064-water-law-debated"),
        ("15 March 2011", "2011-03-15-mining-conflict-in-cajamarca"),
        ("31 July 2006", "2006-07-31-us-peruvian-free-trade-agreement"),
    ]
    assert index.count('<p class="issue-summary"') == 1


def test_every_page_links_the_news_and_every_link_leads_somewhere(newsroom: Path) -> None:
    top = newsroom / "build" / "web"
    for page in pages(top):
        base = "../" * (len(page.relative_to(top).parts) - 1)
        nav = page.read_text().split('<nav class="site-nav"')[1].split("</nav>")[0]
        # Not "News", the name of a section, which the stream is not.
        assert f'href="{base}news/index.html">News stream</a>' in nav, page
        for link in links(page):
            parts = urlsplit(link)
            if parts.scheme:  # the bodies' own links out (web, mail): the archive's are relative
                continue
            target = (page.parent / parts.path).resolve() if parts.path else page
            assert target.is_file() and target.is_relative_to(top), f"{page}: {link}"
            if parts.fragment:
                assert f'id="{parts.fragment}"' in target.read_text(), f"{page}: {link}"


def test_items_are_filed_in_their_sections_and_tags_beside_articles(newsroom: Path) -> None:
    top = newsroom / "build" / "web"
    mining = (top / "tags" / "mining.html").read_text()
    entries = re.findall(r'<h2(?: lang="[^"]+")?><a href="\.\./([^"]+)">', mining)
    assert entries == [
        "news/peru-news-065-mining-protests/index.html",
        "news/2011-03-15-mining-conflict-in-cajamarca/index.html",
        "121/index.html#water-and-gold",
        "121/index.html#consulta-previa",
    ]
    assert '<a href="../news/index.html">Peru News 65</a> · <time datetime="2011-05-31">' in mining
    assert '<a href="../news/index.html">Briefing</a> · <time datetime="2011-03-15">' in mining
    trc = (top / "tags" / "trc.html").read_text()
    assert '<h2 lang="es"><a href="../news/2016-09-24-tribunal-absuelve-a-manifestantes/' in trc
    section = (top / "sections" / "news.html").read_text()
    assert section.count('../news/index.html">') == 9  # the 7 items, the top and foot links
    topics = (top / "topics.html").read_text()
    assert '<a href="sections/news.html">News</a> <span class="count">23</span>' in topics


def test_the_feed_has_an_entry_per_item_with_a_stable_id(newsroom: Path) -> None:
    feed = ET.parse(newsroom / "build" / "web" / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    base = "https://www.example.org/updates/news/"
    item = entries[f"{base}peru-news-065-election-run-off/"]
    assert item.findtext(f"{ATOM}title") == "Peru News 65: Election run-off"
    assert item.findtext(f"{ATOM}updated") == "2011-05-31T12:00:00Z"
    link = item.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and link.get("href") == ITEM
    assert "<p>A test item’s body" in (item.findtext(f"{ATOM}content") or "")
    spanish = entries[f"{base}2016-09-24-tribunal-absuelve-a-manifestantes/"]
    assert spanish.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert len([i for i in entries if i and i.startswith(base)]) == 7
    assert feed.findtext(f"{ATOM}updated") == "2016-09-24T12:00:00Z"  # the newest item's


def test_an_items_page_leads_to_the_items_before_and_after_it(newsroom: Path) -> None:
    page = newsroom / "build" / "web" / "news" / "peru-news-065-mining-protests" / "index.html"
    nav = page.read_text().split('<nav class="issue-nav"')[1].split("</nav>")[0]
    assert re.findall(r'rel="(prev|next)" href="([^"]+)"', nav) == [
        ("prev", "../../news/peru-news-064-water-law-debated/index.html"),
        ("next", "../../news/peru-news-065-election-run-off/index.html"),
    ]


def test_editing_a_briefing_rewrites_its_page_and_the_lists_only(newsroom: Path) -> None:
    path = newsroom / BRIEFING
    path.write_text(path.read_text().replace("title: Mining conflict", "title: Water conflict"))
    published = web.publish(open_root(newsroom))
    top = newsroom / "build" / "web"
    assert pages_among(published.written, top) == [
        "feed.xml",
        "news/2006-07-31-us-peruvian-free-trade-agreement/index.html",  # its "next" link's title
        "news/2011-03-15-mining-conflict-in-cajamarca/index.html",
        "news/2011.html",
        "news/peru-news-064-water-law-debated/index.html",  # its "previous" link's title
        "sections/news.html",
        "tags/mining.html",
    ]
    assert pages_among(published.removed, top) == []
    folders = {p.relative_to(top).parts[0] for p in published.written}
    bundles = {folder for folder in folders if folder.startswith("pagefind")}
    # The years of the pages that changed are made again (2006's "next" link names it); the
    # Updates' bundle is kept as it is.
    assert bundles == {"pagefind-news-2006", "pagefind-news-2011"}
    assert "Water conflict in Cajamarca" in (top / "news" / "2011.html").read_text()
    assert web.publish(open_root(newsroom)).current


def test_a_deleted_item_loses_its_page_and_a_new_one_gets_one(newsroom: Path) -> None:
    (newsroom / BRIEFING).unlink()
    added = newsroom / "issues" / "_series" / "peru-news" / "067-floods.yaml"
    added.write_text(
        "series: Peru News\nnumber: 67\ndate: 2011-08\ntitle: Floods\nsection: News\nsummary: S.\n"
    )
    published = web.publish(open_root(newsroom))
    top = newsroom / "build" / "web"
    assert pages_among(published.removed, top) == [
        "news/2011-03-15-mining-conflict-in-cajamarca/index.html"
    ]
    written = {p.relative_to(top).as_posix() for p in published.written}
    assert "news/peru-news-067-floods/index.html" in written
    assert not (top / "news" / "2011-03-15-mining-conflict-in-cajamarca").exists()
    assert not any(name.startswith(("117/", "118/", "119/", "121/")) for name in written)


def test_an_invalid_item_leaves_the_archive_as_it_was(newsroom: Path) -> None:
    before = (newsroom / "build" / "web" / "news" / "index.html").read_bytes()
    (newsroom / BRIEFING).write_text("title: [no]\n")
    with pytest.raises(ContentError, match=re.escape(BRIEFING)):
        web.publish(open_root(newsroom))
    assert (newsroom / "build" / "web" / "news" / "index.html").read_bytes() == before


def test_an_archive_without_news_has_no_news_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (
        project / "issues" / "_briefings" / "2006-07-31-us-peruvian-free-trade-agreement.yaml"
    ).unlink()
    web.publish(open_root(project))
    top = project / "build" / "web"
    assert not (top / "news").exists()
    assert "news/index.html" not in (top / "index.html").read_text()


def test_a_page_path_is_the_news_folder_and_the_slug(newsroom: Path) -> None:
    from psgnews.content.news import load_news

    for item in load_news(open_root(newsroom)):
        assert (newsroom / "build" / "web" / page_path(item)).is_file()


def test_dates_and_numbers_are_shown_as_the_old_pages_wrote_them(newsroom: Path) -> None:
    item = newsroom / "issues" / "_series" / "peru-news" / "066-new-cabinet.yaml"
    item.write_text(item.read_text() + 'date_written: June / July 2011\nnumber_written: "066"\n')
    issue = newsroom / "issues" / "119" / "issue.yaml"
    issue.write_text(issue.read_text().replace("\norder:", "\ndate_written: 31 Jan. 2007\norder:"))
    web.publish(open_root(newsroom))
    top = newsroom / "build" / "web"
    news = (top / "news" / "2011.html").read_text()
    assert (
        '<span class="series">Peru News 066</span> · <time datetime="2011-06">June / July 2011'
        in news
    )
    assert (
        "Peru News 066 · <time"
        in (top / "news" / "peru-news-066-new-cabinet" / "index.html").read_text()
    )
    assert '<time datetime="2007-01-31">31 Jan. 2007</time>' in (top / "index.html").read_text()


def test_an_items_images_are_published_beside_its_page_without_metadata(newsroom: Path) -> None:
    folder = newsroom / "issues" / "_briefings" / "images"
    folder.mkdir()
    exif = Image.Exif()
    exif[0x010F] = "A camera maker"  # Make: metadata no copy may keep
    Image.new("RGB", (1600, 1200), "olive").save(folder / "march.jpg", exif=exif)
    path = newsroom / BRIEFING
    text = path.read_text().replace("body: |\n", "body: |\n  ![The march](images/march.jpg)\n\n")
    path.write_text(text)
    web.publish(open_root(newsroom))
    page_folder = newsroom / "build" / "web" / "news" / "2011-03-15-mining-conflict-in-cajamarca"
    page = (page_folder / "index.html").read_text()
    shown = re.search(r'<img [^>]*src="(images/march-jpg-\d+\.jpg)"[^>]*>', page)
    assert shown and 'alt="The march"' in shown[0] and "srcset=" in shown[0]
    copies = sorted(p.name for p in (page_folder / "images").iterdir())
    assert copies == ["march-jpg-1104.jpg", "march-jpg-552.jpg"]
    for copy in copies:
        with Image.open(page_folder / "images" / copy) as made:
            assert not made.getexif()
    assert not (newsroom / "build" / "web" / "news" / "images").exists()  # no original published
