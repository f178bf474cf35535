"""The renderer's limits: how long one PDF may take, and how much memory it may add.

Both stop WeasyPrint from inside, by a signal whose handler raises: a
BaseException, so that nothing in WeasyPrint swallows it, repeated until it gets
through (one raised inside a C callback, Pango via cffi or a gc callback, is
lost there). Without WeasyPrint, so that each can be tested alone.
"""

from __future__ import annotations

import resource
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from psgnews.core.errors import RenderError

REPEAT = 0.05  # seconds between a signal and the next, until one gets through


class _Stop(BaseException):
    """Raised by a limit's signal inside WeasyPrint."""


class _TimeUp(_Stop):
    """The render ran past its time limit."""


class _TooBig(_Stop):
    """The render holds more memory than it may add."""


@contextmanager
def time_limit(seconds: float, number: int) -> Iterator[None]:
    """Stop the render of issue `number` after `seconds` of wall time (0: no limit)."""
    timed_out = RenderError(
        f"issue {number}: the PDF took longer than {seconds:g} s to render; "
        "look for a pathological table, image or very long unbroken text"
    )
    if seconds <= 0:
        yield
        return
    with _signalled(signal.ITIMER_REAL, signal.SIGALRM, seconds, _TimeUp) as fired:
        try:
            yield
        except _TimeUp:
            raise timed_out from None
    if fired:
        raise timed_out


@contextmanager
def memory_limit(limit: int, number: int) -> Iterator[None]:
    """Stop the render of issue `number` once it holds `limit` bytes more than now.

    A check every 50 ms of CPU time stops it with a clear message; RLIMIT_DATA, a
    quarter higher, is the backstop (a native library that cannot allocate then
    ends its process, which the parent reports). The limit is on top of what the
    process holds: a fork holds all its parent held.
    """
    held = data_size()
    if held is None:  # not Linux: no VmData to watch, no RLIMIT_DATA that counts every allocation
        yield
        return
    too_big = RenderError(
        f"issue {number}: the PDF needs more than the {limit // 2**20} MB of memory a "
        "render may use; look for a very large table or a very long page"
    )
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    backstop = held + limit + limit // 4
    if hard != resource.RLIM_INFINITY:
        backstop = min(backstop, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (backstop, hard))

    def over() -> bool:
        return (data_size() or 0) > held + limit

    fired: list[bool] = []
    try:
        with _signalled(signal.ITIMER_VIRTUAL, signal.SIGVTALRM, REPEAT, _TooBig, over) as fired:
            yield
    except (_TooBig, MemoryError):
        fired.append(True)  # raised below, once the limit is lifted and the layout freed
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
    if any(fired):
        raise too_big


def data_size() -> int | None:
    """Return the data size of this process (what RLIMIT_DATA limits), or None if unknown."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    _, found, rest = status.partition("VmData:")
    return int(rest.split()[0]) * 1024 if found else None


@contextmanager
def _signalled(
    timer: int, signum: int, first: float, error: type[_Stop], due: Any = None
) -> Iterator[list[bool]]:
    """Raise `error` from the handler of `timer`'s signal, after `first` s, when `due()` says.

    Yield a list that holds True once the handler has raised: the caller raises
    its own error if the raise was swallowed. Signals reach only the main thread:
    elsewhere there is no limit.
    """
    fired: list[bool] = []
    if threading.current_thread() is not threading.main_thread():
        yield fired
        return

    def handler(signum: int, frame: object) -> None:
        if due is None or due():
            fired.append(True)
            raise error

    def unraisable(hook: Any) -> None:
        if not isinstance(hook.exc_value, _Stop):
            previous_hook(hook)

    previous = signal.signal(signum, handler)
    previous_hook, sys.unraisablehook = sys.unraisablehook, unraisable
    signal.setitimer(timer, first, REPEAT)
    try:
        yield fired
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signum, previous)
        sys.unraisablehook = previous_hook
