"""Which issues a batch of saves touched, and the watcher that notices the saves."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from psgnews.serve import watcher
from psgnews.serve.watcher import Touched


def test_a_file_of_an_issue_touches_that_issue(tmp_path: Path) -> None:
    paths = [tmp_path / "issues/119/a.yaml", tmp_path / "issues/119/images/x.png"]
    assert watcher.touched(tmp_path, paths) == Touched(frozenset({119}))


@pytest.mark.parametrize(
    ("name", "settings"),
    [
        ("layouts/default/email.css", False),
        ("issues/_standing/aims.yaml", False),
        ("psgnews.yaml", True),
    ],
)
def test_a_shared_file_touches_every_issue(tmp_path: Path, name: str, settings: bool) -> None:
    found = watcher.touched(tmp_path, [tmp_path / name, tmp_path / "issues/118/a.yaml"])
    assert found == Touched(frozenset({118}), everything=True, settings=settings)


@pytest.mark.parametrize(
    "name", ["issues/_briefings/2007-01-02-x.yaml", "issues/_series/peru-news/065-x.yaml"]
)
def test_a_news_item_touches_only_the_web_archive(tmp_path: Path, name: str) -> None:
    assert watcher.touched(tmp_path, [tmp_path / name]) == Touched(frozenset(), news=True)


@pytest.mark.parametrize(
    "name",
    [
        "issues/_imported.yaml",
        "build/119/x.html",
        "README.md",
    ],
)
def test_files_in_no_issue_touch_nothing(tmp_path: Path, name: str) -> None:
    assert watcher.touched(tmp_path, [tmp_path / name, Path("/elsewhere/issues/1/a.yaml")]) is None


@pytest.fixture
def batches(project: Path) -> Iterator[list[Touched]]:
    """The batches the watcher yields for `project`, collected by a thread while a test saves."""
    found: list[Touched] = []
    stop, watching = threading.Event(), threading.Event()

    def collect() -> None:
        found.extend(watcher.batches(project, stop, watching.set))

    thread = threading.Thread(target=collect)
    thread.start()
    assert watching.wait(timeout=10), "the watcher did not start"
    try:
        yield found
    finally:
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive(), "the watcher did not stop"


def wait_for(found: list[Touched], count: int = 1) -> list[Touched]:
    deadline = time.monotonic() + 10
    while len(found) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # and nothing more comes
    return found


@pytest.mark.slow
def test_saves_in_a_row_are_one_batch(project: Path, batches: list[Touched]) -> None:
    article = project / "issues/119/setbacks-for-reparations-process-debate.yaml"
    text = article.read_text()
    for _ in range(3):
        article.write_text(text + "\n")
    (project / "issues/119/.hidden-swap").write_text("x")
    assert wait_for(batches) == [Touched(frozenset({119}))]


@pytest.mark.slow
def test_settings_saved_by_rename_are_noticed_every_time(
    project: Path, batches: list[Touched]
) -> None:
    settings = project / "psgnews.yaml"
    for round in range(2):  # the second save replaces a file the first one put there
        temporary = project / f"psgnews.yaml.tmp{round}"
        temporary.write_text(settings.read_text() + "\n")
        temporary.replace(settings)
        wait_for(batches, round + 1)
    assert batches == [Touched(frozenset(), everything=True, settings=True)] * 2
