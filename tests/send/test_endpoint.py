"""The unsubscribe endpoint, served by `psgnews unsubscribe-server` (waitress) on 127.0.0.1."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chromium import Browser
from tests.conftest import Run
from tests.unsubscribeserver import EXPORT_SECRET, UnsubscribeServer, fetch, own, point_at

ONE_CLICK = b"List-Unsubscribe=One-Click"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def server(project: Path) -> Iterator[UnsubscribeServer]:
    with UnsubscribeServer(project) as running:
        yield running


def _left(server: UnsubscribeServer) -> list[str]:
    return [row["address"] for row in server.export()["unsubscribes"]]


def test_a_one_click_post_unsubscribes_at_once_and_only_once(server: UnsubscribeServer) -> None:
    link = server.link("Ana@Example.org")
    for _ in range(2):
        status, headers, text = fetch(link, ONE_CLICK, **{"Content-Type": FORM})
        assert status == 200, text
        assert "You are unsubscribed" in text
        assert not {"Set-Cookie", "Location"} & set(headers)
    (row,) = server.export()["unsubscribes"]
    assert (row["address"], row["how"]) == ("ana@example.org", "one-click")


def test_a_multipart_one_click_post_is_understood(server: UnsubscribeServer) -> None:
    body = (
        b'--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\n'
        b"One-Click\r\n--b1--\r\n"
    )
    status, _, _ = fetch(
        server.link("bob@example.org"), body, **{"Content-Type": "multipart/form-data; boundary=b1"}
    )
    assert status == 200
    assert _left(server) == ["bob@example.org"]


def test_a_get_never_unsubscribes_and_offers_one_button(server: UnsubscribeServer) -> None:
    status, headers, text = fetch(server.link("ana@example.org"))
    assert status == 200
    assert text.count("<button") == 1 and '<form method="post">' in text
    assert "Stop sending the Update to ana@example.org?" in text
    assert headers["Referrer-Policy"] == "no-referrer" and headers["Cache-Control"] == "no-store"
    assert _left(server) == []


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("email=ana@example.org&token=" + "0" * 32, 403),
        ("email=bob@example.org&token=" + own("ana@example.org"), 403),
        ("email=ana@example.org", 400),
        ("token=" + own("ana@example.org"), 400),
        ("", 400),
    ],
)
def test_a_wrong_or_missing_token_records_nothing(
    server: UnsubscribeServer, query: str, status: int
) -> None:
    for data in (None, ONE_CLICK):
        found, headers, text = fetch(f"{server.url}?{query}", data, **{"Content-Type": FORM})
        assert found == status
        assert "nothing has changed" in text or "incomplete" in text
        assert "<button" not in text and "Set-Cookie" not in headers
    assert _left(server) == []


def test_a_post_without_the_one_click_field_records_nothing(server: UnsubscribeServer) -> None:
    status, _, _ = fetch(server.link("ana@example.org"), b"x=1", **{"Content-Type": FORM})
    assert status == 400
    assert _left(server) == []


def test_the_export_needs_its_secret_and_gives_the_unsubscribes_since_a_time(
    server: UnsubscribeServer,
) -> None:
    fetch(server.link("ana@example.org"), ONE_CLICK, **{"Content-Type": FORM})
    time.sleep(0.01)
    middle = server.export()["unsubscribes"][0]["at"]
    time.sleep(0.01)
    fetch(server.link("bob@example.org"), ONE_CLICK, **{"Content-Type": FORM})
    assert _left(server) == ["ana@example.org", "bob@example.org"]
    later = server.export(since=middle)["unsubscribes"]
    assert [row["address"] for row in later] == ["ana@example.org", "bob@example.org"]
    after = (
        datetime.datetime.fromisoformat(middle) + datetime.timedelta(microseconds=1)
    ).isoformat()
    assert [r["address"] for r in server.export(since=after)["unsubscribes"]] == ["bob@example.org"]
    for wrong in ("", "Bearer nope", f"Bearer {EXPORT_SECRET}x"):
        status, _, text = fetch(f"{server.url}/export", Authorization=wrong)
        assert status == 403 and "ana@" not in text
    token_secret = fetch(f"{server.url}/export", Authorization=f"Bearer {own('x')}")
    assert token_secret[0] == 403


def test_without_an_export_secret_the_export_is_off(project: Path) -> None:
    with UnsubscribeServer(project, export_secret=None) as server:
        status, _, _ = fetch(f"{server.url}/export", Authorization="Bearer ")
        assert status == 403


def test_the_server_needs_the_token_secret(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PSGNEWS_UNSUBSCRIBE_SECRET", raising=False)
    result = run("--root", project, "unsubscribe-server", "--port", "1")
    assert result.exit_code == 1
    assert "set PSGNEWS_UNSUBSCRIBE_SECRET to a secret of at least 16 characters" in result.output


def test_plain_http_is_only_for_this_machine(project: Path, run: Run) -> None:
    point_at(project, 8025)
    assert run("--root", project, "check").exit_code == 0
    settings = project / "psgnews.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("http://127.0.0.1:8025", "http://www.example.org"), encoding="utf-8"
    )
    result = run("--root", project, "check")
    assert result.exit_code == 1
    assert "http:// only for 127.0.0.1 or localhost" in result.output


@pytest.mark.slow
def test_a_browser_unsubscribes_with_the_pages_button(server: UnsubscribeServer) -> None:
    browser = Browser(loopback=True)
    try:
        browser.load(server.link("ana@example.org"), 800)
        assert browser.evaluate("document.querySelectorAll('button').length") == 1
        found = browser.axe()
        assert found["violations"] == [] and found["passes"] > 5
        assert _left(server) == []
        browser.follow("document.querySelector('button').click()")
        assert (
            browser.evaluate("document.querySelector('h1').textContent") == "You are unsubscribed"
        )
        assert browser.evaluate("location.search").startswith("?email=ana")
    finally:
        browser.close()
    assert _left(server) == ["ana@example.org"]
