"""The send journal: one SQLite row per (issue, member), so each member gets an issue once.

A row is `pending` until its message is on its way, `sending` from just before
the end of the message (the final ".") is written to the server until the
server's reply is recorded, then `sent` or `failed`. So a `pending` row has
certainly not reached the server, and a row left in `sending` is one whose
whole message went to the server while its reply was never recorded.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from psgnews.errors import SendError

NAME = "send-journal.sqlite"
APPLICATION_ID = 0x50534731  # "PSG1": refuse SQLite files written by something else
SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    issue INTEGER NOT NULL,
    member TEXT NOT NULL,
    address TEXT NOT NULL,
    format TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    message_id TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_reply TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL,
    PRIMARY KEY (issue, member)
)
"""
FIELDS = "issue, member, address, format, state, message_id, attempts, last_reply, updated"
# Which states each change may start from: anything else means the journal is not ours.
MOVES = {
    "sending": ("pending", "failed"),
    "sent": ("sending",),
    "pending": ("pending", "failed", "sending"),
    "failed": ("pending", "failed", "sending"),
}


@dataclass(frozen=True)
class Entry:
    """One row of the journal."""

    issue: int
    member: str
    address: str
    format: str
    state: str
    message_id: str
    attempts: int
    last_reply: str
    updated: str


class Journal:
    """The journal of one issue's sending, held open (and locked) for one run."""

    def __init__(self, path: Path, issue: int) -> None:
        self.path, self.issue = path, issue
        self._lock = _lock(path)
        try:
            # Autocommit: every change below is its own transaction, durable when it returns.
            self.db = sqlite3.connect(path, isolation_level=None)
            _prepare(self.db, path)
        except sqlite3.DatabaseError as e:
            self.close()
            raise SendError(f"{path}: not a psgnews send journal ({e})") from e

    def close(self) -> None:
        """Close the database and release the lock."""
        with contextlib.suppress(AttributeError, sqlite3.Error):
            self.db.close()
        os.close(self._lock)

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def enrol(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """Add a pending row for each (member, address, format, message_id) not yet in the journal.

        A member not yet sent takes the format and Message-ID of the current list.
        """
        now = _now()
        with self._transaction():
            for member, address, fmt, message_id in rows:
                self.db.execute(
                    "INSERT INTO deliveries (issue, member, address, format, state, message_id,"
                    " updated) VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT DO UPDATE SET"
                    " address = excluded.address, format = excluded.format,"
                    " message_id = excluded.message_id WHERE state IN ('pending', 'failed')",
                    (self.issue, member, address, fmt, message_id, now),
                )

    def move(self, member: str, state: str, reply: str, *, attempt: bool = False) -> None:
        """Record `member`'s new `state` and the server's `reply`; count an attempt if asked."""
        sources = MOVES[state]
        marks = ", ".join("?" * len(sources))
        # Only `sending` must outlive a power cut (see _prepare); its fsync keeps earlier steps too.
        self.db.execute(f"PRAGMA synchronous = {'FULL' if state == 'sending' else 'NORMAL'}")
        done = self.db.execute(
            f"UPDATE deliveries SET state = ?, last_reply = ?, attempts = attempts + ?,"
            f" updated = ? WHERE issue = ? AND member = ? AND state IN ({marks})",
            (state, reply, int(attempt), _now(), self.issue, member, *sources),
        )
        if done.rowcount != 1:
            raise SendError(f"{self.path}: {member} cannot become {state} from its state")

    def note(self, member: str, reply: str) -> None:
        """Record a reply without changing the state (a row left in `sending`)."""
        self.db.execute(
            "UPDATE deliveries SET last_reply = ?, updated = ? WHERE issue = ? AND member = ?",
            (reply, _now(), self.issue, member),
        )

    def entries(self) -> dict[str, Entry]:
        """Return every row of this issue by member, in the order they were enrolled."""
        cursor = self.db.execute(
            f"SELECT {FIELDS} FROM deliveries WHERE issue = ? ORDER BY rowid", (self.issue,)
        )
        return {row[1]: Entry(*row) for row in cursor}

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")


def read_entries(path: Path, issue: int) -> dict[str, Entry]:
    """Return the rows of `issue` in the journal at `path`, or none if there is no journal."""
    if not path.is_file():
        return {}
    # Read-only and without the lock, so the status can be read while a run goes on.
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        query = f"SELECT {FIELDS} FROM deliveries WHERE issue = ? ORDER BY rowid"
        cursor = db.execute(query, (issue,))
        return {row[1]: Entry(*row) for row in cursor}
    except sqlite3.DatabaseError as e:
        raise SendError(f"{path}: not a psgnews send journal ({e})") from e
    finally:
        db.close()


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    found = db.execute("PRAGMA application_id").fetchone()[0]
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if found != APPLICATION_ID and (found or tables):
        raise SendError(f"{path}: not a psgnews send journal; move it away")
    # In WAL mode every committed step survives a killed process. Surviving a power cut
    # needs an fsync, which is slow on a busy disk: it is paid once per message, for
    # `sending`, so a copy that may have reached the server is never thought pending.
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(SCHEMA)


def _lock(path: Path) -> int:
    """Hold an exclusive lock beside the journal: two runs at once could mail a member twice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as e:
        os.close(fd)
        raise SendError(f"{path} is in use: another send of this issue is running") from e
    return fd


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
