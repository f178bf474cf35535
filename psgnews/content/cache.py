"""A cache of checked content: an unchanged issue is not read, checked and rendered again.

Checking an issue (YAML, pydantic, Markdown) costs more than rendering its
email, and an editor rebuilds the same issue many times before it goes out.
What the loader made of an issue is kept, keyed by everything it was made
from (`psgnews.build.fingerprint`: the issue's files and images, the standing
pieces, the layouts, psgnews.yaml, psgnews's code and the libraries'
versions), so an entry is either right or not found: never stale.

The cache is the user's, not the project's: `$XDG_CACHE_HOME/psgnews/`
(`~/.cache/psgnews/`), one folder per project root and one file per entry,
replaced when its content changes, so it does not grow with each edit.
Entries are pickles, so the folder is private to its user and nothing is
ever read from a project someone else handed over. Deleting it is always
safe. An entry that cannot be read, or a cache that cannot be written, only
means the work is done again. `PSGNEWS_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from psgnews.build.write import write_one
from psgnews.errors import PsgnewsError

OFF = "PSGNEWS_NO_CACHE"  # turns the cache off, in the worker processes too
FORMAT = 2  # bump when what is kept changes shape


def folder(root: Path) -> Path:
    """Return the cache folder of the project at `root`."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    project = hashlib.sha256(str(root).encode()).hexdigest()[:16]
    return Path(base) / "psgnews" / project


def recall(root: Path, name: str, key: str) -> Any | None:
    """Return the value kept as `name` under `key` for the project at `root`, or None."""
    if os.environ.get(OFF):
        return None
    try:
        with (folder(root) / f"{name}.pickle").open("rb") as f:
            kept_key, value = pickle.load(f)
    except Exception:  # missing, unreadable, corrupt or from another version: work it out again
        return None
    return value if kept_key == _full(key) else None


def keep(root: Path, name: str, key: str, value: Any) -> None:
    """Keep `value` as `name` under `key`, replacing what was kept there; never fail."""
    if os.environ.get(OFF):
        return
    private = folder(root)
    try:
        data = pickle.dumps((_full(key), value), protocol=pickle.HIGHEST_PROTOCOL)
        private.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_one(private, f"{name}.pickle", data)  # atomic: a reader sees the old entry or the new
    except (OSError, pickle.PicklingError, PsgnewsError):  # e.g. a read-only disk: only a speed-up
        pass


def _full(key: str) -> str:
    return f"{FORMAT} {sys.version_info[:2]} {key}"
