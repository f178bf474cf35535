"""A memo of files' SHA-256 digests, so that a file not changed since it was last read is not read.

A no-op build of an issue with photos used to hash every original again (about
80 MB for 30 phone photos), and every build hashed psgnews's own modules. As
git's index does, each digest is kept with what `stat` says of the file
(device, inode, size, modification and change times, in nanoseconds): a file
edited in place changes its change time, even when its size and modification
time are put back; a file swapped by a rename changes its inode. Only then is
it read again.

Git's racy-timestamp guard, made strict: a digest is kept only if the file
was last modified (and changed) well before its reading began (`RACY_NS`,
which covers the coarse clock file times are taken from, and filesystems
that keep them to 2 seconds), so that a write during the same clock tick as
the reading cannot leave a digest of the old bytes under the stat of the new
ones; and an entry whose times are not older than the memo's own writing is
never trusted. Such files are simply read again, on every run until they are
old enough.

The memo lives with the cache of checked content (`psgnews.core.cache`), as
JSON (nothing is executed on reading it), read and written on the same terms:
private to this user, never through a link. Without a project, or with the
cache off, it lives only in memory, for the run.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from psgnews.core import cache

FILE = "digests"  # <cache folder>/digests.json
FORMAT = 1
RACY_NS = 3_000_000_000
LIMIT = 100_000  # entries kept; past it, only those used in the last run are

Key = tuple[int, int, int, int, int]


def key_of(found: os.stat_result) -> Key:
    """Return what of `found` changes when its file is written, replaced or edited in place."""
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


class Memo:
    """Digests of files by path, each with the stat key of the bytes it was made from."""

    def __init__(self, root: Path | None = None, kept: dict[str, tuple[Key, str]] | None = None):
        self.root = root
        self._entries = kept or {}
        self._used: set[str] = set()
        self._changed = False

    def recall(self, path: Path | str, found: os.stat_result) -> str | None:
        """Return the digest of `path` if it is the file `found` describes, unchanged; else None."""
        name = str(path)
        entry = self._entries.get(name)
        if entry is None or entry[0] != key_of(found):
            return None
        self._used.add(name)
        return entry[1]

    def note(self, path: Path, before: os.stat_result, after: os.stat_result, began: int,
             digest: str) -> None:  # fmt: skip
        """Keep `digest`, read from `path` from `began` (ns) on, if the file was settled then."""
        key = key_of(before)
        if key != key_of(after) or max(key[3], key[4]) >= began - RACY_NS:
            return  # written during the reading, or too lately for its times to tell
        self._entries[str(path)] = (key, digest)
        self._used.add(str(path))
        self._changed = True

    def save(self) -> None:
        """Write the memo to the project's cache folder if anything was added; never fail."""
        if self.root is None or not self._changed:
            return
        entries = dict(self._entries)  # a copy: serve's threads may be adding to it
        if len(entries) > LIMIT:
            entries = {p: e for p, e in entries.items() if p in self._used}
        data = {
            "format": FORMAT,
            "written": time.time_ns(),
            "entries": {path: [*key, digest] for path, (key, digest) in entries.items()},
        }
        cache.keep_bytes(self.root, f"{FILE}.json", json.dumps(data).encode())
        self._changed = False


_memo = Memo()


def use(root: Path) -> Memo:
    """Read the memo of the project at `root`, if not already in use; return the memo in use."""
    global _memo
    if _memo.root != root:
        _memo = _read(root)
    return _memo


def current() -> Memo:
    """Return the memo in use: the project's, or one in memory only."""
    return _memo


def _read(root: Path) -> Memo:
    """Return the memo kept for `root` (empty if none can be read): it will be kept there."""
    try:
        kept = json.loads(cache.recall_bytes(root, f"{FILE}.json") or b"{}")
        entries, written = kept["entries"], kept["written"]
    except (ValueError, KeyError, TypeError):  # none yet, or not ours: start afresh
        return Memo(root, {})
    if kept.get("format") != FORMAT or not isinstance(entries, dict) or type(written) is not int:
        return Memo(root, {})
    return Memo(root, dict(_trusted(entries, written)))


def _trusted(entries: dict[str, object], written: int) -> Iterator[tuple[str, tuple[Key, str]]]:
    """Yield the well-formed entries of a memo written at `written` (ns) whose files were settled.

    Git's guard: a file whose times are not older than the memo itself may have
    been written again within the same clock tick as it was read.
    """
    for path, entry in entries.items():
        if type(entry) is not list or len(entry) != 6:
            continue
        dev, ino, size, mtime, ctime, digest = entry  # unpacked: a loop over each took longer
        if type(dev) is type(ino) is type(size) is type(mtime) is type(ctime) is int and (
            type(digest) is str and mtime < written and ctime < written
        ):
            yield path, ((dev, ino, size, mtime, ctime), digest)


@dataclass(frozen=True)
class Written:
    """The outputs a build wrote into `folder`, as `stat` saw each temp file before its move."""

    folder: Path
    made: Mapping[str, os.stat_result]  # by path in `folder`
    # The stat the last build's record kept of each output, standing for those not written again.
    old: Mapping[str, list[int]] = field(default_factory=dict)

    def stamps(self, names: Iterable[str], clock: int) -> dict[str, list[int]]:
        """Return the stat to keep of each of `names` still as written, older than `clock` (ns)."""
        found: dict[str, list[int]] = {}
        for name in names:
            try:
                now = os.lstat(self.folder / name)
            except OSError:
                continue
            key = key_of(now)
            ours = self.made.get(name)
            if ours is not None:
                if key[:4] != key_of(ours)[:4]:
                    continue  # not the file written: replaced or edited since
            elif self.old.get(name) != [*key]:
                continue  # not written now, nor kept unchanged from the last build
            if max(key[3], key[4]) < clock:
                found[name] = list(key)
        return found
