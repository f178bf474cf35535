"""Where each issue's send journal lives: sent/ at the project's root, never build/.

build/ is disposable; the journal is the Group's record of who was sent what, and
without it a rerun mails every member again. A journal an earlier psgnews left in
build/<N>/ is copied to sent/ (through the one writer), checked to hold every row,
and only then removed from build/.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from psgnews.content.project import Root
from psgnews.core import write
from psgnews.core.errors import SendError
from psgnews.core.paths import SENT, is_number
from psgnews.core.readfile import passes_link
from psgnews.send import dbfile, journal


def journal_path(root: Root, number: int) -> tuple[Path, list[str]]:
    """Return where issue `number`'s journal lives, and what was said moving one from build/."""
    path = _path(root, number)
    old = root.output / str(number) / journal.NAME
    if not os.path.lexists(old):
        return path, []
    if passes_link(old, within=root.output):
        raise SendError(f"{old} is a link: psgnews does not read a send journal through one")
    _move(old, path, number)
    return path, [
        f"moved the send journal of {number} from {old} to {path}:"
        f" {SENT}/ is the record of who was sent what; keep it and back it up"
    ]


def sent_to(root: Root) -> dict[str, list[int]]:
    """Return the issues each member (by key) was sent, oldest first, as sent/ records them."""
    folder, found = root.path / SENT, dict[str, list[int]]()
    names = [p.name.partition("-")[0] for p in folder.glob(f"*-{journal.NAME}")]
    for number in sorted(int(name) for name in names if is_number(name)):
        for key, entry in journal.read_entries(_path(root, number), number).items():
            if entry.state == "sent":
                found.setdefault(key, []).append(number)
    return found


def _path(root: Root, number: int) -> Path:
    return root.path / SENT / f"{number}-{journal.NAME}"


def _move(old: Path, path: Path, number: int) -> None:
    """Copy the journal at `old` to `path` unless already there, then remove `old` once equal."""
    dbfile.refuse_links(path)  # before making sent/: it may be a link already
    path.parent.mkdir(exist_ok=True)
    with journal.Journal(old, number) as found:  # holds the old journal's lock: no run there
        if not os.path.lexists(path):
            write.write_one(path.parent, path.name, _copy(found.db))
        kept = journal.read_entries(path, number)
        if kept != found.entries():
            raise SendError(
                f"{old} and {path} both hold a journal of {number}, and they differ:"
                f" keep the one that is right (usually {path}) and move the other away"
            )
    companions = [old.name + suffix for suffix in dbfile.COMPANIONS]
    with contextlib.suppress(FileNotFoundError):
        write.remove(old.parent, companions)


def _copy(db: sqlite3.Connection) -> bytes:
    """Return the database `db` as one file's bytes, every committed step (WAL included) in it."""
    memory = sqlite3.connect(":memory:")
    try:
        db.backup(memory)
        return memory.serialize()
    finally:
        memory.close()
