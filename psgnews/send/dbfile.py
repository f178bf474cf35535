"""The SQLite files send keeps (journals, unsubscribes, soft bounces): ours, and never links."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from psgnews.core.errors import SendError

# The files SQLite and a journal's lock keep beside a database: none may be a link (it would
# write outside the project), nor a file with a second name elsewhere (a hard link).
COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")


def refuse_links(path: Path) -> None:
    """Refuse a journal whose folder or files (the lock, SQLite's -wal, -shm) are not its own.

    A link there, or a file with a second name elsewhere, would have the journal
    written outside the project; a folder or a device in its place is not a journal.
    """
    try:
        folder = os.lstat(path.parent)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(folder.st_mode) or not stat.S_ISDIR(folder.st_mode):
        raise SendError(
            f"{path.parent} is a link or not a folder: the send journal is never written"
            " through a link; make it a plain folder"
        )
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        try:
            found = os.lstat(companion)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(found.st_mode) or (stat.S_ISREG(found.st_mode) and found.st_nlink > 1):
            raise SendError(
                f"{companion} is a link: the send journal is never written through a link;"
                " move it away"
            )
        if not stat.S_ISREG(found.st_mode):
            raise SendError(
                f"{companion} is not a file: move it away (the send journal is written there)"
            )


def claim(db: sqlite3.Connection, path: Path, application_id: int, kind: str) -> int:
    """Refuse a database something else wrote, else make it ours, durable; return its tables."""
    found = db.execute("PRAGMA application_id").fetchone()[0]
    tables: int = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if found != application_id and (found or tables):
        raise SendError(f"{path}: not a psgnews {kind}; move it away")
    # In WAL mode every committed step survives a killed process; surviving a power cut
    # needs synchronous FULL's fsync.
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute(f"PRAGMA application_id = {application_id}")
    return tables
