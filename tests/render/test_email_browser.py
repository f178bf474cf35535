"""The HTML email in a real browser: Debian's headless chromium, no network.

Rendered at 600 px (desktop) and 375 px (a phone, by device emulation), light
and dark; the screenshots are kept in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from psgnews.compile.one import build_issue
from psgnews.content.project import open_root
from psgnews.render.images import TALLEST
from psgnews.site import archive
from tests.chromium import CHROMIUM, Browser

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]

CONTRAST = (Path(__file__).parents[1] / "contrast.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def emails(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Update 117, the feature-rich Update 120 and the stress issue 121, with their images' copies."""
    from tests.conftest import FIXTURES, copy_project

    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    shutil.copytree(FIXTURES / "email-rich" / "issues", project / "issues", dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "stress" / "issues", project / "issues", dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "portrait" / "issues", project / "issues", dirs_exist_ok=True)
    # The "web site" is the web archive on disk, so the email's absolute image URLs load.
    settings = project / "psgnews.yaml"
    web = (project / "build" / "web").as_uri() + "/"
    settings.write_text(
        re.sub(r"(?m)^web_base_url: .*$", f"web_base_url: {web}", settings.read_text())
    )
    root = open_root(project)
    for number in (117, 120, 121, 122):
        build_issue(root, number, ["email"])
    archive.publish(root)
    numbers = ("117", "120", "121", "122")
    return {n: project / "build" / n / f"psg-update-{n}.html" for n in numbers}


@pytest.mark.parametrize("number", ["117", "120", "121", "122"])
@pytest.mark.parametrize("width", [600, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_email_fits_and_reads(
    browser: Browser, emails: dict[str, Path], artifacts: Path, number: str, width: int, scheme: str
) -> None:
    browser.load(emails[number].as_uri(), width, dark=scheme == "dark")
    browser.screenshot(artifacts / f"email-{number}-{width}-{scheme}.png")
    scroll, viewport = browser.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert viewport == width
    assert scroll <= viewport, f"the email is {scroll} px wide in a {viewport} px window"
    assert browser.evaluate(CONTRAST) == []
    images = browser.evaluate("[...document.images].map(i => [i.naturalWidth, i.width])")
    assert all(natural > 0 for natural, _ in images), "an image did not load"
    assert all(shown <= width for _, shown in images)


RULES = """(() => {
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (c !== 'rgba(0, 0, 0, 0)') return c;
    }
    return 'rgb(255, 255, 255)';
  };
  const rule = (selector, side) => [...document.querySelectorAll(selector)].map(
    el => [getComputedStyle(el)[side], background(el)]);
  return {
    masthead: rule('.masthead', 'borderBottomColor'),
    footer: rule('.footer', 'borderTopColor'),
    articles: rule('.article', 'borderTopColor'),
  };
})()"""


def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_rules_stand_out_from_the_background(
    browser: Browser, emails: dict[str, Path], dark: bool
) -> None:
    browser.load(emails["120"].as_uri(), 375, dark=dark)
    rules = browser.evaluate(RULES)
    # The masthead's and footer's red rules meet WCAG's 3:1 for graphics; the thin
    # grey rules between articles only need to be visible.
    assert all(contrast(*pair) >= 3 for pair in rules["masthead"] + rules["footer"]), rules
    assert len(rules["articles"]) == 3
    assert all(contrast(*pair) >= 1.3 for pair in rules["articles"]), rules


def test_dark_mode_changes_the_colours(browser: Browser, emails: dict[str, Path]) -> None:
    background = "getComputedStyle(document.querySelector('.container')).backgroundColor"
    browser.load(emails["120"].as_uri(), 375)
    light = browser.evaluate(background)
    browser.load(emails["120"].as_uri(), 375, dark=True)
    assert (light, browser.evaluate(background)) == ("rgb(255, 255, 255)", "rgb(30, 30, 30)")


def test_phone_layout_uses_the_narrow_styles(browser: Browser, emails: dict[str, Path]) -> None:
    padding = "getComputedStyle(document.querySelector('.cell')).paddingLeft"
    browser.load(emails["120"].as_uri(), 600)
    desktop = browser.evaluate(padding)
    browser.load(emails["120"].as_uri(), 375)
    assert (desktop, browser.evaluate(padding)) == ("24px", "16px")


# Every word of every table cell, and whether the browser set it on more than one line.
BROKEN_WORDS = """(() => {
  const broken = [];
  for (const cell of document.querySelectorAll('td, th')) {
    if (!cell.closest('.content')) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
})()"""


@pytest.mark.parametrize("number", ["120", "121"])
@pytest.mark.parametrize("width", [600, 375])
def test_no_table_cell_breaks_inside_a_word(
    browser: Browser, emails: dict[str, Path], number: str, width: int
) -> None:
    browser.load(emails[number].as_uri(), width)
    assert browser.evaluate(BROKEN_WORDS) == []


def test_the_footer_keeps_the_date_whole_on_a_phone(
    browser: Browser, emails: dict[str, Path]
) -> None:
    browser.load(emails["121"].as_uri(), 375)
    line = "document.querySelector('.footer-text').textContent"
    assert "31\u00a0May\u00a02007" in browser.evaluate(line)
    # The year sits on the same line as its month: one rectangle for "May 2007".
    rects = """(() => { const p = document.querySelector('.footer-text');
      const text = p.lastChild; const at = text.data.indexOf('May');
      const range = document.createRange(); range.setStart(text, at);
      range.setEnd(text, text.data.length);
      return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; })()"""
    assert browser.evaluate(rects) == 1


# Each body heading level's size against the body text's.
HEADING_RATIOS = """(() => {
  const size = (el) => el ? parseFloat(getComputedStyle(el).fontSize) : null;
  const text = size(document.querySelector('.content p'));
  return ['h3', 'h4'].map(h => size(document.querySelector('.content ' + h)) / text);
})()"""


def test_headings_are_sized_against_the_text_as_in_print(
    browser: Browser, emails: dict[str, Path]
) -> None:
    browser.load(emails["121"].as_uri(), 600)
    assert browser.evaluate(HEADING_RATIOS) == pytest.approx([1.25, 1.125], rel=0.02)


def test_note_calls_do_not_push_lines_apart(browser: Browser, emails: dict[str, Path]) -> None:
    browser.load(emails["121"].as_uri(), 600)
    heights = """(() => { const sup = document.querySelector('.content sup');
      const p = sup.closest('p'); const lines = p.getClientRects()[0].height;
      const style = getComputedStyle(p);
      return [p.getBoundingClientRect().height / parseFloat(style.lineHeight)]; })()"""
    (lines,) = browser.evaluate(heights)
    assert lines == pytest.approx(round(lines), abs=0.05)  # whole lines: none grew taller


@pytest.mark.parametrize("width", [600, 375])
def test_upright_photos_are_no_taller_than_a_window_allows(
    browser: Browser, emails: dict[str, Path], width: int
) -> None:
    browser.load(emails["122"].as_uri(), width)
    sizes = "[...document.images].map(i => [i.getBoundingClientRect().height, i.getAttribute('height')])"
    shown = browser.evaluate(sizes)
    assert len(shown) == 3 and all(height is not None for _, height in shown)
    assert max(height for height, _ in shown) <= TALLEST + 1


def test_the_standfirst_comes_before_the_picture_as_in_print(
    browser: Browser, emails: dict[str, Path]
) -> None:
    browser.load(emails["122"].as_uri(), 600)
    order = """(() => {
      const top = (s) => document.querySelector(s).getBoundingClientRect().top;
      return top('.summary') < top('.lead-image');
    })()"""
    assert browser.evaluate(order)


@pytest.mark.parametrize("width", [600, 375])
def test_in_this_issue_is_a_label_on_a_phone_too(
    browser: Browser, emails: dict[str, Path], width: int
) -> None:
    browser.load(emails["117"].as_uri(), width)
    sizes = """['.contents .heading', '.article-title'].map(
      (s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"""
    label, title = browser.evaluate(sizes)
    assert label == 14 and title >= 20  # small capitals, as in print, not a headline


def test_headlines_take_charis_from_the_published_archive(
    browser: Browser, emails: dict[str, Path]
) -> None:
    # web_base_url is the archive on disk here, so the font loads as from the published site.
    browser.load(emails["117"].as_uri(), 375)
    faces = "document.fonts.ready.then(() => [...document.fonts].map(f => [f.family, f.status]))"
    assert browser.evaluate(faces) == [["Charis SIL", "loaded"]]
