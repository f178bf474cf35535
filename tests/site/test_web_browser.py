"""The web archive in a real browser (Debian's headless chromium, no network).

The index, the stress issue's page (Update 121), the News page and a series
item's page at 1280 px and 375 px, light and dark; the screenshots are kept in
tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from psgnews.render.images import TALLEST
from tests.chromium import CHROMIUM, Browser
from tests.conftest import add_fixture_issues, copy_project, run_process
from tests.render.test_email_browser import BROKEN_WORDS, CONTRAST

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]

PAGES = {
    "index": "index.html",
    "issue": "121/index.html",
    "portrait": "122/index.html",
    "news": "news/index.html",
    "news-item": "news/peru-news-065-election-run-off/index.html",
}


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web archive of the sample Updates, the stress issue, briefings and series items."""
    project = add_fixture_issues(copy_project(tmp_path_factory.mktemp("web") / "p"), "stress")
    add_fixture_issues(project, "news")
    add_fixture_issues(project, "portrait")
    done = run_process("--root", project, "build", "--all", "--format", "email", "--quiet")
    assert done.returncode == 0, done.stderr
    return project / "build" / "web"


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_fits_the_window(
    browser: Browser, web: Path, artifacts: Path, page: str, width: int, scheme: str
) -> None:
    browser.load((web / PAGES[page]).as_uri(), width, dark=scheme == "dark")
    browser.screenshot(artifacts / f"web-{page}-{width}-{scheme}.png")
    scroll, viewport = browser.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= viewport == width


@pytest.mark.parametrize("page", ["index", "issue", "news-item"])
def test_headlines_are_set_in_the_charis_served_beside_the_pages(
    browser: Browser, web: Path, page: str
) -> None:
    browser.load((web / PAGES[page]).as_uri(), 375)
    faces = "document.fonts.ready.then(() => [...document.fonts].map(f => [f.family, f.status]))"
    assert browser.evaluate(faces) == [["Charis SIL", "loaded"]]
    family = "getComputedStyle(document.querySelector('h1')).fontFamily"
    assert browser.evaluate(family).startswith('"Charis SIL", Charis, Georgia')


def test_quotations_keep_most_of_a_phone_line(browser: Browser, web: Path) -> None:
    browser.load((web / PAGES["issue"]).as_uri(), 375)
    widths = "[...document.querySelectorAll('blockquote p')].map(p => p.clientWidth)"
    body = "document.querySelector('.body p').clientWidth"
    assert min(browser.evaluate(widths)) >= 0.9 * browser.evaluate(body)


def test_no_table_cell_breaks_inside_a_word(browser: Browser, web: Path) -> None:
    browser.load((web / PAGES["issue"]).as_uri(), 375)
    assert browser.evaluate(BROKEN_WORDS.replace("cell.closest('.content')", "true")) == []


def test_headings_are_sized_against_the_text_as_in_print_and_email(
    browser: Browser, web: Path
) -> None:
    browser.load((web / PAGES["issue"]).as_uri(), 1280)
    ratios = """(() => {
      const size = (s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
      return [size('.body h3') / size('.body p'), size('.body h4') / size('.body p')];
    })()"""
    assert browser.evaluate(ratios) == pytest.approx([1.25, 1.125], rel=0.02)


@pytest.mark.parametrize("page", ["issue", "news-item"])
def test_the_top_navigation_leads_to_issues_news_sections_tags_and_feed(
    browser: Browser, web: Path, page: str
) -> None:
    browser.load((web / PAGES[page]).as_uri(), 375)
    labels = "[...document.querySelectorAll('.site-nav a')].map(a => a.textContent)"
    assert browser.evaluate(labels) == ["Issues", "News stream", "Sections and tags", "Feed"]


def test_a_news_item_reads_as_an_article_page(browser: Browser, web: Path) -> None:
    browser.load((web / PAGES["news-item"]).as_uri(), 1280)
    sizes = """(() => {
      const size = (s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
      return [size('h1') / size('.body p'), size('.summary') / size('.body p')];
    })()"""
    assert browser.evaluate(sizes) == pytest.approx([1.7 * 16 / 17, 1.15], rel=0.02)
    assert browser.evaluate("document.querySelector('h1').lang") == "en-GB"


@pytest.mark.parametrize("page", ["news", "news-item"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_news_pages_meet_wcag_aa_contrast(
    browser: Browser, web: Path, page: str, scheme: str
) -> None:
    browser.load((web / PAGES[page]).as_uri(), 375, dark=scheme == "dark")
    assert browser.evaluate(CONTRAST) == []


def test_an_issues_headlines_lead_and_rules_part_its_articles(browser: Browser, web: Path) -> None:
    browser.load((web / PAGES["issue"]).as_uri(), 1280)
    sizes = """(() => {
      const size = (s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
      return [size('.article-title'), size('.summary'), size('.body h3')];
    })()"""
    headline, standfirst, subhead = browser.evaluate(sizes)
    assert headline >= 1.3 * standfirst and headline >= 1.3 * subhead
    rules = (
        "[...document.querySelectorAll('.article')].map(a => getComputedStyle(a).borderTopStyle)"
    )
    assert browser.evaluate(rules)[1:] == ["solid"] * (len(browser.evaluate(rules)) - 1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rules_keep_three_to_one_against_the_page(browser: Browser, web: Path, scheme: str) -> None:
    browser.load((web / PAGES["issue"]).as_uri(), 375, dark=scheme == "dark")
    ratios = """(() => {
      const lum = (c) => c.match(/\\d+/g).slice(0, 3).map(Number).map((v) => v / 255)
        .map((v) => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
      const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
      const page = getComputedStyle(document.querySelector('.page')).backgroundColor;
      const ruled = [['.masthead', 'borderBottomColor'], ['.article ~ .article', 'borderTopColor']];
      return ruled.map(([s, p]) => ratio(getComputedStyle(document.querySelector(s))[p], page));
    })()"""
    assert min(browser.evaluate(ratios)) >= 3


@pytest.mark.parametrize("width", [1280, 375])
def test_upright_photos_are_no_taller_than_a_window_allows(
    browser: Browser, web: Path, width: int
) -> None:
    browser.load((web / PAGES["portrait"]).as_uri(), width)
    sizes = "[...document.images].map(i => [i.getBoundingClientRect().height, i.getAttribute('height')])"
    shown = browser.evaluate(sizes)
    assert len(shown) == 3 and all(height is not None for _, height in shown)
    assert max(height for height, _ in shown) <= TALLEST + 1
