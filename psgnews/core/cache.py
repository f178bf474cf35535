"""A cache of checked content: an unchanged issue is not read, checked and rendered again.

Checking an issue (YAML, pydantic, Markdown) costs more than rendering its
email, and an editor rebuilds the same issue many times before it goes out.
What the loader made of an issue is kept, keyed by everything it was made
from (`psgnews.core.fingerprint`: the issue's files and images, the standing
pieces, the layouts, psgnews.yaml, psgnews's code and the libraries'
versions), so an entry is either right or not found: never stale.

The cache is the user's, not the project's: `$XDG_CACHE_HOME/psgnews/`
(`~/.cache/psgnews/`), one folder per project root and one file per entry,
replaced when its content changes, so it does not grow with each edit; the
memo of file digests (`psgnews.core.digests`, JSON) is kept there too.
Entries are pickles, and loading a pickle runs whatever code it names, so an
entry is loaded only from a project folder owned by this user that no one else
may write, only if the entry is a regular file owned by this user that no one
else may write, and never through a link. A relative `XDG_CACHE_HOME`, or one
inside the project (a project handed over could ship pickles there, owned by
whoever unpacked it), is ignored for `~/.cache`; if that too is inside the
project, there is no cache.
Deleting it is always safe. An entry that cannot be read, or a cache that
cannot be written, only means the work is done again. `PSGNEWS_NO_CACHE=1`
turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import Any

from psgnews.core.errors import PsgnewsError

OFF = "PSGNEWS_NO_CACHE"  # turns the cache off, in the worker processes too
FORMAT = 2  # bump when what is kept changes shape
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_ENTRY = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def folder(root: Path) -> Path | None:
    """Return the cache folder of the project at `root`, or None if it has no safe place."""
    # Asked once per cached file (thousands in an archive's check): worked out once per
    # root and environment, as resolving both paths is most of a cache hit's cost.
    return _folder(root, os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@functools.lru_cache(maxsize=32)
def _folder(root: Path, xdg: str | None, home: str | None) -> Path | None:
    """Return `folder(root)` for $XDG_CACHE_HOME `xdg` and $HOME `home`, which `_bases` reads."""
    project = hashlib.sha256(str(root).encode()).hexdigest()[:16]
    for base in _bases():
        found = base / "psgnews" / project
        if not found.resolve().is_relative_to(root.resolve()):
            return found
    return None


def _bases() -> list[Path]:
    """Return where the cache may go, in order: an absolute $XDG_CACHE_HOME, then ~/.cache."""
    bases = []
    if (xdg := Path(os.environ.get("XDG_CACHE_HOME") or ".")).is_absolute():
        bases.append(xdg)  # a relative one is to be ignored (XDG Base Directory spec)
    with contextlib.suppress(RuntimeError):  # no home folder
        bases.append(Path.home() / ".cache")
    return bases


def recall(root: Path, name: str, key: str) -> Any | None:
    """Return the value kept as `name` under `key` for the project at `root`, or None."""
    import pickle  # here, not above: a search uses the cache's folder, never its entries

    try:
        data = recall_bytes(root, f"{name}.pickle")
        kept_key, value = pickle.loads(data) if data is not None else (None, None)
    except Exception:  # missing, unreadable, corrupt or from another version: work it out again
        return None
    return value if kept_key == _full(key) else None


def keep(root: Path, name: str, key: str, value: Any) -> None:
    """Keep `value` as `name` under `key`, replacing what was kept there; never fail."""
    import pickle

    try:
        data = pickle.dumps((_full(key), value), protocol=pickle.HIGHEST_PROTOCOL)
    except pickle.PicklingError:
        return
    keep_bytes(root, f"{name}.pickle", data)


def recall_bytes(root: Path, name: str) -> bytes | None:
    """Return the bytes of the cache file `name` of the project at `root`, or None."""
    if os.environ.get(OFF) or (private := folder(root)) is None:
        return None
    try:
        return _read_private(private, name)
    except OSError:  # missing or unreadable: work it out again
        return None


def keep_bytes(root: Path, name: str, data: bytes) -> None:
    """Keep `data` as the cache file `name` of the project at `root`, replacing it; never fail."""
    if (private := own_folder(root)) is None:
        return  # not written where someone else could read, swap or plant entries
    from psgnews.core.write import write_one  # here: a search never writes the cache

    with contextlib.suppress(OSError, PsgnewsError):  # e.g. a read-only disk: only a speed-up
        write_one(private, name, data)  # atomic: a reader sees the old entry or the new


def own_folder(root: Path) -> Path | None:
    """Return the cache folder of `root`, made if need be, if it is this user's alone; else None."""
    if os.environ.get(OFF) or (private := folder(root)) is None:
        return None
    try:
        for made in (private.parent, private):  # both private, whatever the umask
            with contextlib.suppress(FileExistsError):
                made.mkdir(mode=0o700, parents=True)
        fd = _private_folder(private)
    except OSError:  # e.g. a read-only disk, or a link where the folder should be
        return None
    if fd is None:
        return None
    os.close(fd)
    return private


def is_own_file(path: Path) -> bool:
    """Return whether `path` is a regular file (not a link) of this user's no one else may write."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(found.st_mode) and _is_private(found)


def _read_private(private: Path, name: str) -> bytes | None:
    """Return the bytes of entry `name` of `private`, if both are this user's alone."""
    fd = _private_folder(private)
    if fd is None:
        return None
    try:
        entry = os.open(name, _ENTRY, dir_fd=fd)
    finally:
        os.close(fd)
    with os.fdopen(entry, "rb") as f:
        return f.read() if _is_private(os.fstat(entry)) else None


def _private_folder(private: Path) -> int | None:
    """Return the folder `private` opened, if it is this user's, not a link, and no one else's.

    Its parent need not be private: a folder swapped in by someone who may write
    there would be theirs, not this user's, and entries are opened in the folder
    checked, so no name can be swapped between the check and the read.
    """
    fd = os.open(private, _FOLDER)
    if _is_private(os.fstat(fd)):
        return fd
    os.close(fd)
    return None


def _is_private(found: os.stat_result) -> bool:
    """Return whether a file or folder is this user's, and no one else may write it."""
    kind = stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode)
    return kind and found.st_uid == os.geteuid() and not found.st_mode & 0o022


def _full(key: str) -> str:
    return f"{FORMAT} {sys.version_info[:2]} {key}"
