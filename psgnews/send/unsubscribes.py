"""The unsubscribe endpoint's record: one SQLite row per address, from the first time it left.

It lives on the server that runs `psgnews unsubscribe-server`; `members sync`
reads it through the endpoint's export, never the file itself.
"""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from psgnews.core.errors import SendError
from psgnews.send.dbfile import claim, refuse_links

APPLICATION_ID = 0x50534755  # "PSGU": refuse SQLite files written by something else
# Bytes written once, at the start, into the WAL and the database file: a commit then
# overwrites blocks the file already has, and its fdatasync needs no file-system journal
# commit for a grown file (measured: 0.2 ms rather than 4 ms on this machine's disk).
RESERVE = 4_000_000
BATCH = 1000  # unsubscribes in one statement: well within SQLite's 32,766 parameters
SCHEMA = """
CREATE TABLE IF NOT EXISTS unsubscribes (
    address TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    how TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Unsubscribe:
    """One address that left: when (UTC, ISO 8601) and how (`one-click` or `page`)."""

    address: str
    at: str
    how: str


@dataclass
class _Pending:
    """An unsubscribe waiting for its transaction, and what came of it."""

    address: str
    how: str
    new: bool = False
    done: bool = False
    failed: sqlite3.Error | None = None  # the transaction holding it failed: nothing recorded


class Store:
    """The record, shared by the server's threads; each change is durable when it returns."""

    def __init__(self, path: Path) -> None:
        self.path = path
        refuse_links(path)  # the folder, the file, -wal and -shm: never written through a link
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # the database's: one transaction at a time
        self._queue = threading.Lock()  # the unsubscribes waiting for the next transaction
        self._pending: list[_Pending] = []
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            _prepare(self.db, path)
        except sqlite3.DatabaseError as e:
            self.close()
            raise SendError(f"{path}: not a psgnews unsubscribe record ({e})") from e

    def close(self) -> None:
        """Close the database."""
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def record(self, address: str, how: str) -> bool:
        """Record that `address` left; return False if it had already (the first time is kept).

        Unsubscribes arriving together share one transaction, so one fsync: each
        caller returns once the transaction holding its own has been committed.
        """
        mine = _Pending(address.lower(), how)
        with self._queue:
            self._pending.append(mine)
        with self._lock:  # whoever holds it commits the unsubscribes waiting by then
            while not mine.done:
                with self._queue:
                    batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
                self._commit(batch)
        if mine.failed is not None:  # never answer "unsubscribed" for what was not recorded
            raise mine.failed
        return mine.new

    def _commit(self, batch: list[_Pending]) -> None:
        # One statement, so one transaction (autocommit) and one call into SQLite: the
        # committing thread, holding the lock, waits for the GIL once, not once a row.
        rows = ", ".join(["(?, ?, ?)"] * len(batch))
        at = now()
        values = [value for p in batch for value in (p.address, at, p.how)]
        try:
            new = {
                address
                for (address,) in self.db.execute(
                    f"INSERT INTO unsubscribes (address, at, how) VALUES {rows}"
                    " ON CONFLICT DO NOTHING RETURNING address",
                    values,
                ).fetchall()
            }
        except sqlite3.Error as e:  # each caller of the batch raises it, not only this one
            for pending in batch:
                pending.failed, pending.done = e, True
            return
        for pending in batch:  # an address twice in one batch: the first is the new one
            pending.new = pending.address in new
            new.discard(pending.address)
            pending.done = True

    def since(self, moment: str) -> list[Unsubscribe]:
        """Return every address that left at or after `moment` (written as `now`), oldest first."""
        with self._lock:
            rows = self.db.execute(
                "SELECT address, at, how FROM unsubscribes WHERE at >= ? ORDER BY at, rowid",
                (moment,),
            ).fetchall()
        return [Unsubscribe(*row) for row in rows]


def now() -> str:
    """Return the time as the record writes it: UTC, to the microsecond, sorting as text."""
    return moment(datetime.datetime.now(datetime.UTC))


def moment(when: datetime.datetime) -> str:
    """Return `when` (naive means UTC) as the record writes times."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    # An unsubscribe answered 200 must outlive a power cut: the law asks it be honoured.
    claim(db, path, APPLICATION_ID, "unsubscribe record")
    db.execute(SCHEMA)
    _reserve(db, path)


def _reserve(db: sqlite3.Connection, path: Path) -> None:
    """Grow the WAL and the database file by `RESERVE` bytes, unless the WAL already has them."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size >= RESERVE:
        return
    db.execute("CREATE TABLE IF NOT EXISTS reserve (space BLOB)")
    db.execute("INSERT INTO reserve VALUES (zeroblob(?))", (RESERVE,))
    db.execute("DELETE FROM reserve")
    # The space is freed in the database (reused by the rows to come) and the WAL starts
    # again from its beginning, over the frames just written.
    db.execute("PRAGMA wal_checkpoint(RESTART)")
