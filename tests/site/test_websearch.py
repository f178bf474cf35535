"""The archive's static search: Pagefind's bundle, and the search page in a real browser.

The sample Updates with the briefings and series items of tests/fixtures/news/
(one briefing in Spanish) are built, and the web archive is served by a real
HTTP server on 127.0.0.1 to Debian's headless chromium, as a static host would.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from psgnews.core import fingerprint
from psgnews.site import websearch
from tests.chromium import CHROMIUM, Browser
from tests.conftest import add_fixture_issues, copy_project, run_process
from tests.render.test_email_browser import CONTRAST

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium")
RESULTS = "[...document.querySelectorAll('.pagefind-ui__result')]"
# The WCAG contrast of the words typed in Pagefind's search box against the box.
BOX_CONTRAST = """(() => {
  const style = getComputedStyle(document.querySelector('.pagefind-ui__search-input'));
  const lum = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(style.color), lum(style.backgroundColor)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
})()"""
TRIBUNAL = "news/2016-09-24-tribunal-absuelve-a-manifestantes/index.html"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing of each request."""


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web archive of the sample Updates, briefings and series items, as `build` writes it."""
    project = add_fixture_issues(copy_project(tmp_path_factory.mktemp("search") / "p"), "news")
    done = run_process("--root", project, "build", "--all", "--format", "email", "--quiet")
    assert done.returncode == 0, done.stderr
    return project / "build" / "web"


@pytest.fixture(scope="module")
def site(web: Path) -> Iterator[str]:
    """The address of the web archive served by a real HTTP server on 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(web))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def online() -> Iterator[Browser]:
    """Headless chromium that may reach 127.0.0.1 (and nothing else)."""
    chromium = Browser(loopback=True)
    try:
        yield chromium
    finally:
        chromium.close()


def results(browser: Browser) -> list[dict[str, str]]:
    """Return the search page's results once they show: each one's title, link and excerpt."""
    for _ in range(100):  # each result shows as a placeholder first, then with its link
        found: list[dict[str, str]] | None = browser.evaluate(
            f"{RESULTS}.some(r => !r.querySelector('a')) ? null : {RESULTS}.map(r => ({{"
            " title: r.querySelector('.pagefind-ui__result-title').innerText,"
            " href: r.querySelector('a').href,"
            " excerpt: r.querySelector('.pagefind-ui__result-excerpt').innerHTML}))"
        )
        if found:
            return found
        time.sleep(0.1)
    return []


def pages_of(web: Path) -> dict[str, bytes]:
    """Return every HTML page of the archive at `web` by its path under it."""
    return {p.relative_to(web).as_posix(): p.read_bytes() for p in web.rglob("*.html")}


def bundle_files(web: Path) -> dict[str, bytes]:
    """Return every file of the archive's Pagefind bundles by its path under `web`."""
    found = sorted(p for p in web.glob(f"{websearch.FOLDER}*/**/*") if p.is_file())
    return {p.relative_to(web).as_posix(): p.read_bytes() for p in found}


def test_the_bundles_index_issues_and_news_items_in_their_language(web: Path) -> None:
    def languages(folder: str) -> dict[str, int]:
        entry = json.loads((web / folder / "pagefind-entry.json").read_text())
        return {name: found["page_count"] for name, found in entry["languages"].items()}

    folders = sorted(p.name for p in web.glob(f"{websearch.FOLDER}*"))
    news = [f for f in folders if f.startswith(f"{websearch.FOLDER}-news-")]
    assert languages(websearch.FOLDER) == {"en-gb": 3}  # Updates 110-119: 117-119
    assert folders == [websearch.FOLDER, *news] and len(news) > 1  # the news items by year
    counts = [languages(folder) for folder in news]
    assert sum(c.get("en-gb", 0) for c in counts) == 6  # 6 items in English, 1 not
    assert sum(c.get("es", 0) for c in counts) == 1
    assert not list((web / websearch.FOLDER).glob("pagefind-modular-ui*"))
    assert (web / "search/es/index.html").is_file()
    spanish = (web / "search/es/index.html").read_text()
    assert f'data-bundles="{" ".join(news)}"' in spanish
    # Pagefind's scripts and WebAssembly only where a search page starts: the others' go unused.
    for folder in folders:
        runtime = {p.name for p in (web / folder).glob("*") if p.name.startswith(websearch.RUNTIME)}
        start = folder in (websearch.FOLDER, news[0])
        assert ("pagefind.js" in runtime and "wasm.unknown.pagefind" in runtime) == start, folder
        assert bool(runtime) == start, folder


def test_the_bundle_is_the_same_bytes_each_time(web: Path) -> None:
    pages = pages_of(web)
    made = websearch.bundle(pages).made
    assert made == bundle_files(web)
    # Pagefind numbers pages in the order they are sent: the bundle is made in the paths' order.
    assert websearch.bundle(dict(reversed(pages.items()))).made == made


def test_a_search_page_that_does_not_merge_gets_one_bundle_of_every_page(web: Path) -> None:
    pages = pages_of(web)
    # As a project's own copy of the search page made before there were many bundles.
    old = pages[websearch.SEARCH_PAGE].replace(websearch.SHARDED, b"data-old=")
    made = websearch.bundle(pages | {websearch.SEARCH_PAGE: old}).made
    assert {name.partition("/")[0] for name in made} == {websearch.FOLDER}
    entry = json.loads(made[f"{websearch.FOLDER}/pagefind-entry.json"])
    assert {n: f["page_count"] for n, f in entry["languages"].items()} == {"en-gb": 9, "es": 1}


def test_a_bundle_whose_pages_did_not_change_is_kept_not_made(web: Path, tmp_path: Path) -> None:
    pages = pages_of(web)
    made = websearch.bundle(pages).made
    news = [n for n in made if n.startswith(f"{websearch.FOLDER}-news-")]
    marker = f"{news[0].partition('/')[0]}/only-in-the-copy-on-disk"  # Pagefind never makes it
    on_disk = made | {marker: b"kept"}
    for name, data in on_disk.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in on_disk.items()}
    record = fingerprint.Record("", (), digests, {})
    issue = "119/index.html"
    edited = pages | {issue: pages[issue].replace(b"</main>", b"<p>Kuntur Wasi.</p></main>")}
    again = websearch.bundle(edited, tmp_path, record)
    assert marker in again.kept  # the news items' bundles: kept as they are, not read back
    assert sorted(again.kept) == sorted([*news, marker])
    assert sorted(again.made) == sorted(n for n in made if n not in news)  # the Updates' made
    source = f"{websearch.FOLDER}/{websearch.SOURCE}"
    assert again.made[source] != made[source]
    (tmp_path / news[0]).write_bytes(b"edited by hand")  # not what the record says: made again
    assert news[0] in websearch.bundle(edited, tmp_path, record).made


@needs_chromium
def test_a_query_in_the_address_shows_its_results(online: Browser, site: str) -> None:
    online.load(f"{site}search/index.html?q=reparations", 1280)
    found = results(online)
    assert [r["title"] for r in found] == ["Update 119 · 31 January 2007"]
    assert found[0]["href"] == f"{site}119/index.html"
    assert "<mark>Reparations</mark>" in found[0]["excerpt"]


@needs_chromium
def test_a_query_typed_in_a_pages_search_box_shows_its_results(online: Browser, site: str) -> None:
    online.load(f"{site}news/index.html", 1280)
    online.follow(
        "document.getElementById('site-search').value = 'lagoons';"
        "document.querySelector('form.site-search').submit()"
    )
    found = results(online)
    assert online.evaluate("location.search") == "?q=lagoons"
    assert [r["title"] for r in found] == [
        "Briefing · 15 March 2011 · Mining conflict in Cajamarca"
    ]
    online.evaluate(
        "const box = document.querySelector('.pagefind-ui__search-input');"
        "box.value = 'goldmine'; box.dispatchEvent(new Event('input'))"
    )
    time.sleep(1)  # Pagefind waits for typing to stop
    titles = [r["title"] for r in results(online)]
    # The news items' bundle, which has no "goldmine", offers the briefing's "gold mine" after.
    assert titles[0] == "Update 117 · 30 September 2006"
    assert titles[1:] in ([], ["Briefing · 15 March 2011 · Mining conflict in Cajamarca"])


@needs_chromium
def test_spanish_pages_are_searched_with_spanish_stems(online: Browser, site: str) -> None:
    online.load(f"{site}search/es/index.html?q=campesino", 1280)
    found = results(online)
    assert [r["href"] for r in found] == [f"{site}{TRIBUNAL}"]
    assert "<mark>campesinos</mark>" in found[0]["excerpt"]
    assert online.evaluate("document.documentElement.lang") == "es"


@needs_chromium
def test_the_filters_are_year_section_and_kind(online: Browser, site: str) -> None:
    online.load(f"{site}search/index.html?q=cajamarca", 1280)
    assert results(online)
    names = online.evaluate(
        "[...document.querySelectorAll('.pagefind-ui__filter-name')].map(e => e.innerText)"
    )
    assert names == ["Kind", "Section", "Year"]


@needs_chromium
def test_without_javascript_the_page_leads_to_the_lists(site: str) -> None:
    chromium = Browser(loopback=True)
    try:
        chromium.page("Emulation.setScriptExecutionDisabled", value=True)
        chromium.load(f"{site}search/index.html?q=peru", 1280)
        text = chromium.evaluate("document.querySelector('main').innerText")
        hrefs = chromium.evaluate("[...document.querySelectorAll('main a')].map(a => a.href)")
    finally:
        chromium.close()
    assert "Searching needs JavaScript" in text
    assert f"{site}index.html" in hrefs and f"{site}topics.html" in hrefs


@needs_chromium
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_page_is_legible_and_fits(
    online: Browser, site: str, artifacts: Path, width: int, scheme: str
) -> None:
    online.load(f"{site}search/index.html?q=peru", width, dark=scheme == "dark")
    assert results(online)
    online.screenshot(artifacts / f"web-search-{width}-{scheme}.png")
    assert online.evaluate(CONTRAST) == []
    assert online.evaluate(BOX_CONTRAST) >= 4.5  # the typed words: no text node for CONTRAST
    scroll, viewport = online.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= viewport == width
    found = online.axe()  # with its results and filters shown
    assert found["violations"] == [] and found["passes"] > 10


@needs_chromium
def test_a_search_page_without_its_index_says_so(
    browser: Browser, web: Path, tmp_path: Path
) -> None:
    page = tmp_path / "search" / "index.html"  # as `psgnews serve` shows it: no pagefind/
    page.parent.mkdir()
    page.write_bytes((web / "search" / "index.html").read_bytes())
    browser.load(page.as_uri(), 1280)
    assert browser.evaluate("document.getElementById('no-index').hidden") is False
    assert "psgnews build makes it" in browser.evaluate("document.querySelector('main').innerText")
