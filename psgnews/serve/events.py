"""Server-sent events: each open preview page hears what was rebuilt.

Every announcement goes to every open stream, in order. A stream that has
heard nothing for `HEARTBEAT` seconds sends a comment line, so a page that was
closed is noticed (its write fails) and its thread ends.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

HEARTBEAT = 15.0
KEPT = 100  # announcements kept for streams that are between two writes


class Events:
    """The announcements of one server, and the streams that follow them."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._kept: list[tuple[int, str]] = []
        self._count = 0
        self._closed = False

    def announce(self, name: str, data: dict[str, Any]) -> None:
        """Send event `name` with `data` (as JSON) to every open stream."""
        text = f"event: {name}\ndata: {json.dumps(data)}\n\n"
        with self._changed:
            self._count += 1
            self._kept = [*self._kept[-KEPT + 1 :], (self._count, text)]
            self._changed.notify_all()

    def stream(self, first: Callable[[], str], heartbeat: float = HEARTBEAT) -> Iterator[str]:
        """Yield `first()`, then each announcement made since, until the server closes."""
        with self._changed:
            seen = self._count
        yield first()  # made after counting: an announcement is in it, or comes after it, or both
        while True:
            with self._changed:
                self._changed.wait_for(functools.partial(self._news, seen), heartbeat)
                if self._closed:
                    return
                new = [text for number, text in self._kept if number > seen]
                seen = self._count
            yield from new or [": still here\n\n"]

    def _news(self, seen: int) -> bool:
        return self._count > seen or self._closed

    def close(self) -> None:
        """End every stream."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
