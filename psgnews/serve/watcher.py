"""Watch the project's sources and say which issues (or news items) each batch of saves touched.

watchfiles (inotify on Linux) watches `issues/` and `layouts/`; psgnews.yaml is
looked at on every tick instead, because an editor that saves by writing a new
file and renaming it over the old one leaves a watch on the file itself pointing
at a file that no longer exists. Changes are debounced: a batch is handed on
once no change has come for `STEP_MS`, so a temporary file, a rename and a
second save in a row make one rebuild.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from psgnews.core.paths import BRIEFINGS, CONFIG, SERIES, STANDING, is_number

STEP_MS = 30  # quiet time that ends a batch: a save's write and rename come within it
MAX_BATCH_MS = 1600  # a batch never waits longer than this for the changes to stop
TICK_MS = 250  # how often psgnews.yaml is looked at, and the stop signal heard


@dataclass(frozen=True)
class Touched:
    """What a batch of changes touched: some issues, the news items, or everything."""

    issues: frozenset[int]
    everything: bool = False  # a standing piece, a layout or the settings: every issue
    settings: bool = False  # psgnews.yaml: the settings must be read again
    news: bool = False  # a briefing or series item: in no issue, only in the web archive


def touched(root: Path, paths: Iterable[Path]) -> Touched | None:
    """Return what changes to `paths` touched in the project at `root`, or None if nothing."""
    issues: set[int] = set()
    everything = settings = news = False
    for path in paths:
        if not path.is_relative_to(root):
            continue
        parts = path.relative_to(root).parts
        if parts == (CONFIG,):
            everything = settings = True
        elif parts[:1] == ("layouts",):
            everything = True
        elif parts[:1] == ("issues",) and len(parts) > 1:
            if is_number(parts[1]):
                issues.add(int(parts[1]))
            elif parts[1] == STANDING:
                everything = True
            elif parts[1] in (BRIEFINGS, SERIES):
                news = True
            # The import record is in no output.
    if not issues and not everything and not news:
        return None
    return Touched(frozenset(issues), everything, settings, news)


class _Sources(watchfiles.DefaultFilter):
    """Skip what DefaultFilter skips (editors' swap and backup files) and hidden files."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return super().__call__(change, path) and not Path(path).name.startswith(".")


def batches(
    root: Path, stop: threading.Event, started: Callable[[], None] = lambda: None
) -> Iterator[Touched]:
    """Yield what each batch of saved changes touched, until `stop` is set.

    `started` is called once the folders are watched, so that what it renders cannot
    miss a save: one made while it runs comes in the first batch.
    """
    folders = [p for p in (root / "issues", root / "layouts") if p.is_dir()]
    settings = root / CONFIG
    seen = _stamp(settings)
    watching = False
    for changes in watchfiles.watch(
        *folders,
        watch_filter=_Sources(),
        debounce=MAX_BATCH_MS,
        step=STEP_MS,
        stop_event=stop,
        rust_timeout=TICK_MS,
        yield_on_timeout=True,
    ):
        if not watching:  # the first tick: the watches are in place
            watching = True
            started()
        paths = {Path(name) for _, name in changes}
        if (now := _stamp(settings)) != seen:
            seen = now
            paths.add(settings)
        if (found := touched(root, paths)) is not None:
            yield found


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """Return what changes when `path` is saved: its inode, size and time."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns
