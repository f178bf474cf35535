"""The endpoint's record: each address once, from many threads at once, durable and ours."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from psgnews.core.errors import SendError
from psgnews.send.unsubscribes import RESERVE, Store


def test_many_threads_at_once_record_each_address_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "unsubscribes.sqlite")
    firsts: list[bool] = []
    addresses = [f"m{n % 50}@example.org" for n in range(400)]  # each address eight times

    def post(share: list[str]) -> None:
        for address in share:
            firsts.append(store.record(address, "one-click"))

    threads = [threading.Thread(target=post, args=(addresses[n::16],)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert firsts.count(True) == 50 and len(firsts) == 400
    store.close()
    reopened = Store(tmp_path / "unsubscribes.sqlite")
    rows = reopened.since("1970")
    assert sorted(r.address for r in rows) == sorted(set(addresses))
    assert [r.at for r in rows] == sorted(r.at for r in rows)
    reopened.close()


def test_a_database_of_something_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE t (x)")
    other.close()
    with pytest.raises(SendError, match="not a psgnews unsubscribe record; move it away"):
        Store(path)


def test_a_record_that_is_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.sqlite").write_bytes(b"")
    (tmp_path / "unsubscribes.sqlite").symlink_to(tmp_path / "elsewhere.sqlite")
    with pytest.raises(SendError, match="is a link"):
        Store(tmp_path / "unsubscribes.sqlite")


def test_the_record_starts_with_its_space_reserved_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "unsubscribes.sqlite"
    store = Store(path)
    store.record("a@example.org", "one-click")
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size >= RESERVE and path.stat().st_size >= RESERVE
    tables = store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    store.close()
    reopened = Store(path)  # the WAL was folded in at close: reserved again, nothing lost
    assert [r.address for r in reopened.since("1970")] == ["a@example.org"]
    assert ("unsubscribes",) in tables
    reopened.close()


def test_an_unsubscribe_that_could_not_be_recorded_is_never_answered_as_recorded(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "unsubscribes.sqlite")
    store.db.execute("PRAGMA query_only = ON")  # every write now fails, as on a full disk
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.record("a@example.org", "one-click")
    store.db.execute("PRAGMA query_only = OFF")
    assert store.record("a@example.org", "one-click") is True
    store.close()
