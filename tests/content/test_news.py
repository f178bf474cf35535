"""News items: briefings and series items loaded as one stream, checked as articles are."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from click.testing import Result
from PIL import Image

from psgnews.content import briefings, news
from psgnews.content.dates import Dateline
from psgnews.content.project import open_root
from psgnews.core.errors import ContentError
from tests.conftest import Run, add_fixture_issues

BRIEFING = "issues/_briefings/2011-03-15-mining-conflict-in-cajamarca.yaml"


@pytest.fixture
def newsroom(project: Path) -> Path:
    """The sample project with three more briefings and four items of Peru News."""
    return add_fixture_issues(project, "news")


def test_every_item_is_loaded_newest_first(newsroom: Path) -> None:
    items = news.load_news(open_root(newsroom))
    assert [(i.slug, i.label, i.dateline.iso) for i in items] == [
        ("2016-09-24-tribunal-absuelve-a-manifestantes", "", "2016-09-24"),
        ("peru-news-066-new-cabinet", "Peru News 66", "2011-06/2011-07"),
        ("peru-news-065-election-run-off", "Peru News 65", "2011-05-31"),  # a day: files' order
        ("peru-news-065-mining-protests", "Peru News 65", "2011-05-31"),
        ("peru-news-064-water-law-debated", "Peru News 64", "2011-04"),
        ("2011-03-15-mining-conflict-in-cajamarca", "", "2011-03-15"),
        ("2006-07-31-us-peruvian-free-trade-agreement", "", "2006-07-31"),
    ]
    cabinet, spanish = items[1], items[0]
    assert cabinet.dateline == Dateline(datetime.date(2011, 6, 1), 2)
    assert (cabinet.series, cabinet.number, cabinet.section) == ("Peru News", 66, "News")
    assert cabinet.source == "issues/_series/peru-news/066-new-cabinet.yaml"
    assert (spanish.lang_tag, spanish.series, spanish.number, spanish.tags) == (
        "es",
        None,
        None,
        ("TRC",),
    )


def test_bodies_are_rendered_as_articles_are(newsroom: Path) -> None:
    items = {i.slug: i for i in news.load_news(open_root(newsroom))}
    noted = items["2011-03-15-mining-conflict-in-cajamarca"].body_html
    assert 'class="footnote-ref"' in noted and "project’s" in noted  # notes and curly quotes
    joined = items["peru-news-065-election-run-off"].body_html
    assert 'href="https://www.example.org/join"' in joined  # psgnews.yaml's [join] link
    assert items["peru-news-064-water-law-debated"].body_html == ""


def test_a_news_item_is_checked_as_an_article_is(newsroom: Path, run: Run) -> None:
    (newsroom / "issues" / "_briefings" / "images").mkdir()
    Image.new("RGB", (20, 20)).save(newsroom / "issues" / "_briefings" / "images" / "map.png")
    Image.new("RGB", (20, 20)).save(newsroom / "issues" / "_briefings" / "map.png")
    path = newsroom / BRIEFING
    body = (
        "body: |\n  ![A map](images/map.png) and ![A photo](https://example.org/a.jpg)\n\n"
        "  See [the note](#nowhere).\n"
    )
    text = path.read_text().replace("section: News", "section: Mining")
    path.write_text(text.split("body: |")[0] + body)
    result: Result = run("--root", newsroom, "check")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("issues/")] == [
        f"{BRIEFING}:2:10: section: 'Mining' is not a section of psgnews.yaml (known: News)",
        f"{BRIEFING}:7:43: body: <img> 'https://example.org/a.jpg': remote files are not"
        " fetched: put the file in the issue folder",
        f"{BRIEFING}:9:18: body: the link '#nowhere' leads to nothing in the item",
        "issues/_briefings/map.png:1:1: not a briefing file name: write YYYY-MM-DD-name.yaml",
    ]


def test_a_briefing_with_a_lead_image_is_refused(newsroom: Path, run: Run) -> None:
    path = newsroom / BRIEFING
    path.write_text(path.read_text() + "image: {src: map.png, alt: A map}\n")
    result: Result = run("--root", newsroom, "check")
    assert result.exit_code == 1
    assert (
        f"{BRIEFING}:12:8: image: a briefing has no image: the web archive's News pages are text"
        in result.output
    )


def test_list_counts_briefings_and_each_series(newsroom: Path, run: Run) -> None:
    result: Result = run("--root", newsroom, "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[3:] == [
        "3 briefings, 2006–2016 (issues/_briefings/)",
        "4 items of Peru News 64–66, 2011 (issues/_series/peru-news/)",
    ]


def test_unchanged_news_comes_from_the_cache(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = open_root(newsroom)
    first = news.load_news(root)

    def unread(root: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(briefings, "read_briefings", unread)
    assert news.load_news(root) == first
    monkeypatch.undo()
    path = newsroom / BRIEFING
    path.write_text(path.read_text().replace("title: Mining conflict", "title: Water conflict"))
    titles = [item.title for item in news.load_news(root)]
    assert "Water conflict in Cajamarca" in titles and "Mining conflict in Cajamarca" not in titles


def test_a_problem_is_reported_every_time(newsroom: Path) -> None:
    (newsroom / BRIEFING).write_text("title: [no]\n")
    for _ in range(2):  # a load with problems is never kept
        with pytest.raises(ContentError, match=re.escape(f"{BRIEFING}:1:8")):
            news.load_news(open_root(newsroom))


def test_a_project_without_news_has_none(tmp_path: Path, project: Path) -> None:
    (
        project / "issues" / "_briefings" / "2006-07-31-us-peruvian-free-trade-agreement.yaml"
    ).unlink()
    assert news.load_news(open_root(project)) == ()
    assert news.tallies(()) == []


def test_a_day_keeps_the_order_its_page_listed(newsroom: Path) -> None:
    folder = newsroom / "issues" / "_series" / "peru-news"
    for name, place in (("065-election-run-off", 1), ("065-mining-protests", 2)):
        path = folder / f"{name}.yaml"
        path.write_text(path.read_text() + f"place: {place}\n")
    slugs = [i.slug for i in news.load_news(open_root(newsroom))]
    assert slugs[2:4] == ["peru-news-065-election-run-off", "peru-news-065-mining-protests"]


def test_a_day_without_places_keeps_the_order_of_its_files(newsroom: Path) -> None:
    slugs = [i.slug for i in news.load_news(open_root(newsroom))]
    assert slugs[2:4] == ["peru-news-065-election-run-off", "peru-news-065-mining-protests"]
    folder = newsroom / "issues" / "_series" / "peru-news"
    (folder / "065-mining-protests.yaml").rename(folder / "065-a-mining-protest.yaml")
    slugs = [i.slug for i in news.load_news(open_root(newsroom))]
    assert slugs[2:4] == ["peru-news-065-a-mining-protest", "peru-news-065-election-run-off"]


def test_a_series_item_shows_its_date_and_number_as_written(newsroom: Path) -> None:
    path = newsroom / "issues" / "_series" / "peru-news" / "066-new-cabinet.yaml"
    path.write_text(path.read_text() + 'date_written: June / July 2011\nnumber_written: "066"\n')
    cabinet = next(i for i in news.load_news(open_root(newsroom)) if i.number == 66)
    assert (cabinet.label, cabinet.date_text) == ("Peru News 066", "June / July 2011")


def test_a_date_or_number_as_written_must_be_the_items_own(newsroom: Path, run: Run) -> None:
    path = newsroom / "issues" / "_series" / "peru-news" / "066-new-cabinet.yaml"
    path.write_text(path.read_text() + 'date_written: May 2011\nnumber_written: "065"\n')
    result: Result = run("--root", newsroom, "check")
    assert result.exit_code == 1
    shown = "issues/_series/peru-news/066-new-cabinet.yaml"
    assert [line for line in result.output.splitlines() if line.startswith("issues/")] == [
        f"{shown}:7:15: date_written: 'May 2011' is not the date 2011-06/2011-07; give the date"
        " as written, or leave it out",
        f"{shown}:8:17: number_written: '065' is not the number 66",
    ]
