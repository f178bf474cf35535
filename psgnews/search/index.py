"""The search index: SQLite FTS5, kept beside the cache of checked content, brought up to date.

It lives in the project's cache folder (`psgnews.core.cache`: this user's
alone, never inside the project) as search.sqlite3, and is used only if it is
a regular file of this user's that no one else may write; otherwise, or with
`PSGNEWS_NO_CACHE=1`, the index is made in memory for the one search. SQLite
writes it in transactions, so a search stopped halfway leaves the index as it
was. Each file's row is kept with the file's `stat` stamp (and its issue.yaml's,
whose date an article takes), and only files whose stamp changed are read
again; deleting the file is always safe.

The text of each entry is kept as written in `docs`; the FTS5 table `entries`
indexes its words stemmed in the entry's language (`psgnews.search.stems`:
case and accents folded, "comunidades" finds "comunidad"), one stem for each
word, so that `snippet` marks the words as written; and the words unstemmed
once more, in column `words`, for a prefix (`miner*`) to find.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psgnews import __version__
from psgnews.core import cache
from psgnews.core.installed import library_versions
from psgnews.core.names import is_name
from psgnews.core.paths import BRIEFINGS, CONFIG, ISSUE, SERIES, is_number

if TYPE_CHECKING:
    from psgnews.search.entries import Entry

NAME = "search.sqlite3"
FORMAT = 2  # bump when the tables change shape, or what an entry holds
# What reads and renders an entry: an index made with other versions is made anew. Hashing
# psgnews's own code instead, as the cache does, took a fifth of a warm search.
READERS = ("pyyaml", "pydantic", "pydantic-core", "markdown-it-py", "mdit-py-plugins", "nh3",
           "pystemmer")  # fmt: skip
MAP_SIZE = 1 << 28  # bytes of the index mapped: 13 MB for 120 issues and 3,000 news items
TOKENIZER = "unicode61 remove_diacritics 2"
COLUMNS = ("title", "summary", "body")  # stemmed; `words` holds them all, unstemmed
FIELDS = ("path", "kind", "series", "number", "date", "section", "lang")
SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, problem TEXT);
CREATE TABLE docs (id INTEGER PRIMARY KEY, {", ".join(COLUMNS + FIELDS)});
CREATE VIEW docs_fts AS SELECT id, title, summary, body,
    title || ' ' || summary || ' ' || body AS words, {", ".join(FIELDS)} FROM docs;
CREATE VIRTUAL TABLE entries USING fts5(
    title, summary, body, words, {", ".join(f + " UNINDEXED" for f in FIELDS)},
    content = 'docs_fts', content_rowid = 'id', tokenize = '{TOKENIZER}'
);
PRAGMA user_version = {FORMAT};
"""


def open_index(root: Path) -> sqlite3.Connection:
    """Return the index of the project at `root`, opened (made empty if new or of another make)."""
    private = cache.own_folder(root)
    place = private / NAME if private is not None else None
    if place is not None and os.path.lexists(place) and not cache.is_own_file(place):
        place = None  # a link or someone else's file: not ours to read or write
    made_by = " ".join([f"psgnews {__version__}", f"format {FORMAT}", *library_versions(READERS)])
    try:
        db = sqlite3.connect(":memory:" if place is None else place, timeout=30)
        kept = db.execute("PRAGMA user_version").fetchone()[0] == FORMAT and _made_by(db) == made_by
    except sqlite3.OperationalError:  # e.g. locked by another search for 30 s: not to delete
        raise
    except sqlite3.DatabaseError:  # not an SQLite file (a crash, a disk error): made anew
        from psgnews.core import write  # only here: a warm search writes through SQLite alone

        assert place is not None  # an index in memory is always one
        write.remove(place.parent, [place.name])
        db, kept = sqlite3.connect(place, timeout=30), False
    # Read through a map of the file, not a system call per page: half of a warm search's reads.
    db.execute(f"PRAGMA mmap_size = {MAP_SIZE}")
    if not kept:
        with db:
            for table in ("meta", "files", "entries", "docs"):
                db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute("DROP VIEW IF EXISTS docs_fts")
            db.executescript(SCHEMA)
            db.execute("INSERT INTO meta VALUES ('made_by', ?)", (made_by,))
    return db


def refresh(db: sqlite3.Connection, root: Path) -> list[str]:
    """Bring the index up to date with the files of `root`; return the problem of each left out."""
    known: dict[str, str] = dict(db.execute("SELECT path, stamp FROM files"))
    found = dict(_stamped(root))
    with db:
        for path in known.keys() - found.keys():
            _forget(db, path)
        # In order: the rows are numbered as the files come, the same for the same files.
        changed = sorted(path for path, stamp in found.items() if known.get(path) != stamp)
        if changed:
            from psgnews.search import entries  # YAML and Markdown only when there is work

            for path in changed:
                _forget(db, path)
                _remember(db, path, found[path], entries.entry(root, path))
    rows = db.execute("SELECT problem FROM files WHERE problem IS NOT NULL ORDER BY path")
    return [str(problem) for (problem,) in rows]


def settings(db: sqlite3.Connection, root: Path) -> tuple[str, tuple[str, ...]]:
    """Return psgnews.yaml's newsletter name and sections, checked; read again only if it changed.

    Kept in the index with the file's stamp: reading and checking it takes YAML and
    pydantic, which cost a warm search more than all the rest.
    """
    stamp = _stamp(f"{root}/{CONFIG}")
    row = db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
    kept = json.loads(row[0]) if row else {}
    if kept.get("stamp") != stamp:
        from psgnews.content.project import open_root

        config = open_root(root).config
        kept = {"stamp": stamp, "newsletter": config.newsletter, "sections": config.sections}
        with db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('settings', ?)", (json.dumps(kept),))
    return kept["newsletter"], tuple(kept["sections"])


def _made_by(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'made_by'").fetchone()
    except sqlite3.DatabaseError:  # no such table: a new index
        return None
    return str(row[0]) if row else None


def _stamped(root: Path) -> Iterator[tuple[str, str]]:
    """Yield each searchable file of `root` (from the root) with its stamp: what `stat` says of it.

    An article's stamp holds its issue.yaml's too, as its date may come from there.
    Folders are listed with `os.scandir` and names kept as text, unsorted: over
    4,000 files, `pathlib`, then sorting and a call per file, took most of a search's time.
    """
    issues = f"{root}/issues"
    for name, path in _folders(issues):
        if is_number(name) and (issue := _stamp(f"{path}/{ISSUE}")):
            for file, stamp in _yaml_files(path):
                if file != ISSUE and is_name(file.removesuffix(".yaml")):
                    yield f"issues/{name}/{file}", f"{stamp} {issue}"
    for file, stamp in _yaml_files(f"{issues}/{BRIEFINGS}"):
        yield f"issues/{BRIEFINGS}/{file}", stamp
    for name, path in _folders(f"{issues}/{SERIES}"):
        for file, stamp in _yaml_files(path):
            yield f"issues/{SERIES}/{name}/{file}", stamp


def _folders(folder: str) -> list[tuple[str, str]]:
    """Return the name and path of each entry of `folder` but hidden ones; none if no folder."""
    try:
        with os.scandir(folder) as found:
            return [(e.name, e.path) for e in found if not e.name.startswith(".")]
    except OSError:  # not there, or not a folder
        return []


def _yaml_files(folder: str) -> list[tuple[str, str]]:
    """Return the name and stamp of each .yaml entry of `folder` but hidden ones."""
    found: list[tuple[str, str]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(".yaml") and not name.startswith("."):
                    # A DirEntry is stat'ed in its open folder: no path to walk again.
                    found.append((name, _stamp(entry.path, entry)))
    except OSError:  # not there, or not a folder
        pass
    return found


def _stamp(path: str, entry: os.DirEntry[str] | None = None) -> str:
    """Return what `stat` says of `path` that changes when it is edited, or "" if it is gone."""
    try:
        found = entry.stat(follow_symlinks=False) if entry is not None else os.lstat(path)
    except OSError:
        return ""
    return f"{found.st_mtime_ns}:{found.st_ctime_ns}:{found.st_size}:{found.st_ino}"


def _forget(db: sqlite3.Connection, path: str) -> None:
    """Take `path` out of the index: its stems are worked out again, as FTS5 needs them to."""
    found = db.execute(
        f"SELECT id, {', '.join(COLUMNS + FIELDS)} FROM docs"
        " WHERE id IN (SELECT rowid FROM files WHERE path = ?)",
        (path,),
    ).fetchone()
    if found is not None:
        row, *values = found
        _index(db, "'delete', ", row, dict(zip(COLUMNS + FIELDS, values, strict=True)))
        db.execute("DELETE FROM docs WHERE id = ?", (row,))
    db.execute("DELETE FROM files WHERE path = ?", (path,))


def _remember(db: sqlite3.Connection, path: str, stamp: str, entry: Entry | str) -> None:
    """Keep `path`'s stamp, and its entry, or the problem that leaves it out."""
    problem = entry if isinstance(entry, str) else None
    row = db.execute("INSERT INTO files VALUES (?, ?, ?)", (path, stamp, problem)).lastrowid
    if isinstance(entry, str):
        return
    # As written but in one Unicode form: the form `stems` cuts words in, so the marks fall right.
    doc = {name: getattr(entry, name) for name in COLUMNS + FIELDS}
    doc |= {name: unicodedata.normalize("NFC", doc[name]) for name in COLUMNS}
    names = ", ".join(COLUMNS + FIELDS)
    db.execute(f"INSERT INTO docs (id, {names}) VALUES (?{', ?' * len(doc)})", (row, *doc.values()))
    _index(db, "", row, doc)


def _index(db: sqlite3.Connection, command: str, row: int | None, doc: dict[str, Any]) -> None:
    """Add `doc`'s stems and words to the index as row `row` (with `command` 'delete': remove)."""
    from psgnews.search import stems  # Snowball only when there is an entry to stem

    words = " ".join(doc[name] for name in COLUMNS)
    values = [stems.stemmed(doc[name], doc["lang"]) for name in COLUMNS]
    values += [words, *(doc[name] for name in FIELDS)]
    table = "entries, " if command else ""
    names = ", ".join(("rowid", *COLUMNS, "words", *FIELDS))
    marks = ", ".join("?" * (len(values) + 1))
    db.execute(f"INSERT INTO entries ({table}{names}) VALUES ({command}{marks})", (row, *values))
