"""Temporary delivery failures, kept between syncs: three sends in a row failing mark a member.

One row per (address, send): a send is an issue's copies, known from the failed
copy's Message-ID (`<psg-update-119.….@…>`). A failure whose send cannot be told
is reported and not counted, so that two warnings about one copy never count twice.
Kept in sent/, beside the send journals.
"""

from __future__ import annotations

import contextlib
import email
import sqlite3
from collections.abc import Iterable
from email.message import Message
from pathlib import Path

from psgnews.send.dbfile import claim, refuse_links

NAME = "soft-bounces.sqlite"
APPLICATION_ID = 0x50534742  # "PSGB"
LIMIT = 3  # sends failing in a row that make a member `bounced`
SCHEMA = """
CREATE TABLE IF NOT EXISTS failures (
    address TEXT NOT NULL,
    send TEXT NOT NULL,
    PRIMARY KEY (address, send)
)
"""


def read(path: Path) -> dict[str, set[str]]:
    """Return the sends that failed for each address, as recorded at `path`."""
    refuse_links(path)
    if not path.exists():
        return {}
    with contextlib.closing(_open(path)) as db:
        found: dict[str, set[str]] = {}
        for address, send in db.execute("SELECT address, send FROM failures"):
            found.setdefault(address, set()).add(send)
        return found


def add(path: Path, failures: Iterable[tuple[str, str]]) -> None:
    """Record each (address, send) failure at `path`."""
    refuse_links(path)
    path.parent.mkdir(exist_ok=True)
    with contextlib.closing(_open(path)) as db:
        db.execute("BEGIN IMMEDIATE")  # one transaction, one fsync, for the whole sync
        db.executemany("INSERT OR IGNORE INTO failures VALUES (?, ?)", failures)
        db.execute("COMMIT")


def failed_send(msg: Message, series: str) -> str:
    """Return the send a bounce reports on, from the failed copy's Message-ID ("" if unknown).

    `series` starts the name of each issue's outputs and copies ("psg-update").
    """
    ids: list[object] = [msg.get("In-Reply-To"), *str(msg.get("References", "")).split()]
    for part in msg.walk():
        kind = part.get_content_type()
        if kind == "text/rfc822-headers":
            ids.append(email.message_from_string(str(part.get_payload()).lstrip())["Message-ID"])
        elif kind.startswith("message/") and isinstance(part.get_payload(), list):
            for inner in part.get_payload():  # a returned message, or a DSN's fields
                if isinstance(inner, Message):
                    ids += [inner.get("Message-ID"), inner.get("X-Original-Message-ID")]
    for value in ids:
        local = str(value or "").strip().strip("<>").partition("@")[0]
        if local.startswith(f"{series}-"):
            return local.partition(".")[0]
    return ""


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    claim(db, path, APPLICATION_ID, "record of soft bounces")
    db.execute(SCHEMA)
    return db
