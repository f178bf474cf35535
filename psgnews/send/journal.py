"""The send journal: one SQLite row per (issue, member), so each member gets an issue once.

A row is `pending` until its message is on its way, then, just before the end
of the message (the final ".") is written to the server, `ready` (with an
fsync, so it outlives a power cut) and at once `sending` (without one, so that
no slow fsync stands between it and the "."), until the server's reply is
recorded as `sent` or `failed`. So a `pending` row has certainly not reached
the server; a row left `ready` by a killed run (the machine still up) never had
its "." written, and is sent again; a row left `sending` is one whose whole
message may have gone to the server while its reply was never recorded.

A kill lands mostly in the fsync, so most rows a kill leaves are `ready`, not
`sending`. After a power cut the `sending` step may be lost, which is why
`ready` is trusted only in the same boot of the machine (`boot`).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import functools
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from psgnews.core.errors import SendError
from psgnews.send.dbfile import claim, refuse_links

NAME = "send-journal.sqlite"
APPLICATION_ID = 0x50534731  # "PSG1": refuse SQLite files written by something else
SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    issue INTEGER NOT NULL,
    member TEXT NOT NULL,
    address TEXT NOT NULL,
    format TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'ready', 'sending', 'sent', 'failed')),
    message_id TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_reply TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL,
    boot TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issue, member)
)
"""
VERSION = 1  # PRAGMA user_version: 0 had no `ready` state and no `boot`
FIELDS = "issue, member, address, format, state, message_id, attempts, last_reply, updated"
# Which states each change may start from: anything else means the journal is not ours.
MOVES = {
    "ready": ("pending", "failed"),
    "sending": ("ready",),
    "sent": ("sending",),
    "pending": ("pending", "failed", "ready", "sending"),
    "failed": ("pending", "failed", "sending"),
}
# How each step is written: `ready` must outlive a power cut; `sending` is the last step
# before the ".", with no fsync to hold it back (see the module's docstring).
SYNCHRONOUS = {"ready": "FULL", "sending": "NORMAL"}
CHECKPOINT_EVERY = 100  # steps: the WAL is copied into the database between copies, not in them
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


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
        _make_folder(path.parent)
        refuse_links(path)
        self._lock = _lock(path)
        self._steps = 0
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
        self.db.execute(f"PRAGMA synchronous = {SYNCHRONOUS.get(state, 'NORMAL')}")
        done = self.db.execute(
            f"UPDATE deliveries SET state = ?, last_reply = ?, attempts = attempts + ?,"
            f" updated = ?, boot = ? WHERE issue = ? AND member = ? AND state IN ({marks})",
            (state, reply, int(attempt), _now(), boot_id(), self.issue, member, *sources),
        )
        if done.rowcount != 1:
            raise SendError(f"{self.path}: {member} cannot become {state} from its state")
        self._steps += 1
        if state not in SYNCHRONOUS and self._steps >= CHECKPOINT_EVERY:
            self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self._steps = 0

    def never_ended(self) -> list[str]:
        """Return the members left `ready` by a run killed in this boot: their "." never went."""
        if not boot_id():
            return []  # no way to tell a kill from a power cut: every `ready` is unconfirmed
        cursor = self.db.execute(
            "SELECT member FROM deliveries WHERE issue = ? AND state = 'ready' AND boot = ?",
            (self.issue, boot_id()),
        )
        return [row[0] for row in cursor]

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
    refuse_links(path)
    if not path.exists():
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


def _make_folder(folder: Path) -> None:
    """Make the journal's folder if missing (`refuse_links` then says whether it is a link)."""
    with contextlib.suppress(FileExistsError):
        folder.mkdir(parents=True)


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    # The fsync is slow on a busy disk: the journal pays it once per message, for `ready`,
    # so a copy that may have reached the server is never thought pending.
    tables = claim(db, path, APPLICATION_ID, "send journal")
    # Checkpoints are made by `move` between copies: one made by the `sending` step would
    # put an fsync between it and the final ".".
    db.execute("PRAGMA wal_autocheckpoint = 0")
    if tables and db.execute("PRAGMA user_version").fetchone()[0] < VERSION:
        _upgrade(db)
    db.execute(SCHEMA)
    db.execute(f"PRAGMA user_version = {VERSION}")


def _upgrade(db: sqlite3.Connection) -> None:
    """Rewrite a journal of version 0 with the `ready` state and the `boot` column."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("ALTER TABLE deliveries RENAME TO deliveries_0")
        db.execute(SCHEMA)
        db.execute(
            f"INSERT INTO deliveries ({FIELDS}) SELECT {FIELDS} FROM deliveries_0 ORDER BY rowid"
        )
        db.execute("DROP TABLE deliveries_0")
        db.execute(f"PRAGMA user_version = {VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@functools.cache
def boot_id() -> str:
    """Return the id of this boot of the machine ('' where there is none to read)."""
    try:
        return BOOT_ID.read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _lock(path: Path) -> int:
    """Hold an exclusive lock beside the journal: two runs at once could mail a member twice."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path.with_name(path.name + ".lock"), flags, 0o644)
    except OSError as e:  # ELOOP: made a link since refuse_links looked
        raise SendError(f"{path}.lock: cannot open it ({e.strerror}); is it a link?") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as e:
        os.close(fd)
        raise SendError(f"{path} is in use: another send of this issue is running") from e
    return fd


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
