"""Server-sent events: every stream hears every announcement, in order."""

from __future__ import annotations

import json
import threading

from psgnews.serve.events import Events


def test_a_stream_hears_its_greeting_then_each_announcement_in_order() -> None:
    events = Events()
    stream = events.stream(lambda: "event: hello\n\n")
    assert next(stream) == "event: hello\n\n"
    events.announce("update", {"issue": 119, "parts": ["email"]})
    events.announce("update", {"issue": 119, "parts": ["pdf"]})
    first, second = next(stream), next(stream)
    assert first.startswith("event: update\ndata: ") and first.endswith("\n\n")
    assert json.loads(first.split("data: ")[1])["parts"] == ["email"]
    assert json.loads(second.split("data: ")[1])["parts"] == ["pdf"]


def test_a_quiet_stream_sends_a_comment_so_a_closed_page_is_noticed() -> None:
    stream = Events().stream(lambda: "", heartbeat=0.01)
    next(stream)
    assert next(stream).startswith(":")


def test_closing_ends_every_stream() -> None:
    events = Events()
    heard: list[str] = []
    stream = events.stream(lambda: "hello")
    thread = threading.Thread(target=lambda: heard.extend(stream))
    thread.start()
    events.close()
    thread.join(timeout=5)
    assert not thread.is_alive() and heard == ["hello"]
