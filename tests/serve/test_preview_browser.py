"""The preview page in headless chromium: it reloads after a save, keeping its place.

Screenshots are kept in tests/artifacts/ (serve-*.png) for a person to look at.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, Browser
from tests.serve.running import Served
from tests.serve.test_live import ARTICLE, retitle

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]

CONTRAST = (Path(__file__).parents[1] / "contrast.js").read_text(encoding="utf-8")
FRAMES = "[...document.querySelectorAll('iframe[data-part=email]')]"
FITTED = f"{FRAMES}.every(f => f.contentDocument?.body && parseInt(f.style.height) > 1000)"
BOX = "document.querySelector('.box')"


def shows(text: str) -> str:
    """Return a page expression: both email frames and the plain text show `text`."""
    frames = f"{FRAMES}.every(f => f.contentDocument?.body?.textContent.includes({text!r}))"
    return f"{frames} && document.getElementById('text').textContent.includes({text!r})"


def wait(browser: Browser, expression: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not browser.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"never true: {expression}")
        time.sleep(0.05)


@pytest.fixture
def page(project: Path) -> Iterator[Browser]:
    """The preview page of Update 119, loaded in chromium, its email frames loaded."""
    with Served(project, "119") as server:
        browser = Browser(loopback=True)
        try:
            browser.load(f"{server.origin}/119/", 1800, height=1000)
            wait(browser, FITTED)
            yield browser
        finally:
            browser.close()


def test_the_page_reloads_after_a_save_keeping_its_place(
    page: Browser, project: Path, artifacts: Path
) -> None:
    page.screenshot(artifacts / "serve-preview-119.png")
    assert page.evaluate(CONTRAST) == []
    page.evaluate(f"{BOX}.scrollTop = 400")
    retitle(project, "Reloaded in the browser")
    wait(page, shows("Reloaded in the browser"))
    wait(page, FITTED)
    assert page.evaluate(f"{BOX}.scrollTop") == 400
    assert page.evaluate("document.getElementById('errors').hidden")


def test_a_broken_file_is_shown_over_the_page_until_it_is_fixed(
    page: Browser, project: Path, artifacts: Path
) -> None:
    path = project / ARTICLE
    good = path.read_text()
    path.write_text(good.replace("section: News", "section: Newz"))
    wait(page, "document.querySelector('#errors li')?.textContent.includes('Newz')")
    assert page.evaluate("!document.getElementById('errors').hidden")
    problem = page.evaluate("document.querySelector('#errors li').textContent")
    assert problem.startswith(f"{ARTICLE}:2:10: section: 'Newz' is not a section")
    page.screenshot(artifacts / "serve-preview-119-error.png")
    path.write_text(good.replace("title: 69", "title: Fixed, 69"))
    wait(page, "document.getElementById('errors').hidden")
    wait(page, shows("Fixed, 69"))


def test_the_switch_shows_the_email_dark(page: Browser, artifacts: Path) -> None:
    background = f"getComputedStyle({FRAMES}[1].contentDocument.querySelector('.container'))"
    assert page.evaluate(f"{background}.backgroundColor") == "rgb(255, 255, 255)"
    page.evaluate("document.querySelector('input[value=dark]').click()")
    assert page.evaluate(f"{background}.backgroundColor") == "rgb(30, 30, 30)"
    page.screenshot(artifacts / "serve-preview-119-dark.png")
    page.evaluate("document.querySelector('input[value=light]').click()")
    assert page.evaluate(f"{background}.backgroundColor") == "rgb(255, 255, 255)"


def test_the_email_shows_the_issue_images_before_they_are_published(
    rich: Path, artifacts: Path
) -> None:
    loaded = f"{FRAMES}.every(f => [...f.contentDocument.images].every(i => i.naturalWidth > 0))"
    with Served(rich, "120") as server:
        browser = Browser(loopback=True)
        try:
            browser.load(f"{server.origin}/120/", 1800, height=1000)
            wait(browser, f"{FITTED} && {loaded}")
            browser.screenshot(artifacts / "serve-preview-120.png")
            count = browser.evaluate(f"{FRAMES}[0].contentDocument.images.length")
            assert count >= 2
        finally:
            browser.close()
