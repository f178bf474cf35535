"""What `psgnews import` wrote before, and what it may write now.

`issues/_imported.yaml` records the SHA-256 of every file as the import last
wrote it. Comparing three versions of a file (as recorded, as it is now, as the
import would write it) tells every case apart:

- it is what the import would write: nothing to do;
- it is as recorded (nobody edited it) but the listing changed: update it;
- it was edited but the listing's item is as recorded: keep the editor's file;
- it was edited and the listing changed too (or it was never imported): a
  conflict, kept as it is unless `--force`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from psgnews.content import yamlread, yamlwrite
from psgnews.core.errors import ContentError
from psgnews.core.write import write_all
from psgnews.legacy.listing import Item

RECORD = "_imported.yaml"
RECORD_HEADER = """\
# Written by `psgnews import`: the SHA-256 of each file under issues/ as the
# import last wrote it, so that a re-import can tell an edited file from one it
# may update. Keep it with the content; do not edit it.
"""
Kind = Literal["issue", "article", "briefing", "series", "standing", "image"]
Verb = Literal["create", "update", "unchanged", "kept", "conflict", "overwrite"]
WRITES = frozenset({"create", "update", "overwrite"})


@dataclass(frozen=True)
class Target:
    """One file the import would write: its path under issues/, its text, and its items."""

    path: str
    content: str
    kind: Kind
    items: tuple[Item, ...]
    data: Mapping[str, Any] | None = None  # what `content` was dumped from, when known
    raw: bytes | None = None  # an image's bytes, copied from a mirror (`content` is then "")

    @classmethod
    def dumped(
        cls, path: str, data: Mapping[str, Any], kind: Kind, items: tuple[Item, ...]
    ) -> Target:
        """Return the target writing `data` to `path`, as YAML."""
        return cls(path, yamlwrite.dump(dict(data)), kind, items, data)

    @functools.cached_property  # asked for by the decision, the record and the write alike
    def digest(self) -> str:
        """Return the SHA-256 of the bytes the import would write."""
        return sha256(self.bytes)

    @functools.cached_property
    def bytes(self) -> bytes:
        """Return what the import would write: an image's bytes, or the file's text encoded."""
        return self.raw if self.raw is not None else self.content.encode()


@dataclass(frozen=True)
class Action:
    """What the import does with one target, and why."""

    target: Target
    verb: Verb
    existed: bool

    def __str__(self) -> str:
        path = f"issues/{self.target.path}"
        edited = "edited since import" if self.existed else "deleted since import"
        return {
            "create": f"create {path}",
            "update": f"update {path} (the listing changed; the file was as imported)",
            "unchanged": f"unchanged {path}",
            "kept": f"kept {path}: {edited}; the listing's item is as imported",
            "conflict": f"conflict {path}: {edited} (or not written by import) and the listing"
            " differs; left as it is (--force overwrites it)",
            "overwrite": f"overwrite {path}: {edited}, replaced because of --force",
        }[self.verb]


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def read_record(issues: Path) -> dict[str, str]:
    """Return the record of issues/ (path → SHA-256), empty when there is none."""
    path = issues / RECORD
    if not path.is_file():
        return {}
    doc = yamlread.read(path, f"issues/{RECORD}")
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        doc.add((), "expected a mapping of file paths to SHA-256 digests")
        data = {}
    for key, value in data.items():
        if not (isinstance(value, str) and len(value) == 64):
            doc.add((key,), "expected a SHA-256 digest (64 hex digits)")
    if doc.problems:
        raise ContentError(doc.problems)
    return dict(data)


def decide(issues: Path, target: Target, recorded: str | None, *, force: bool) -> Action:
    """Return what to do with `target`, given its file now and the record of the last import."""
    path = issues / target.path
    ours = sha256(path.read_bytes()) if path.is_file() else None
    existed = ours is not None
    if ours == target.digest:
        return Action(target, "unchanged", existed)
    if ours == recorded or (ours is None and recorded is None):
        return Action(target, "create" if ours is None else "update", existed)
    if force:
        return Action(target, "overwrite", existed)
    return Action(target, "kept" if recorded == target.digest else "conflict", existed)


def apply(issues: Path, actions: list[Action], record: dict[str, str]) -> list[Path]:
    """Write every file the actions call for, then the updated record; return the paths written."""
    files = {a.target.path: a.target.bytes for a in actions if a.verb in WRITES}
    updated = dict(record)
    for action in actions:
        if action.verb in WRITES or action.verb == "unchanged":
            updated[action.target.path] = action.target.digest
    if updated != record:
        files[RECORD] = (RECORD_HEADER + yamlwrite.dump(dict(sorted(updated.items())))).encode()
    return write_all(issues, files)


def current_order(issue_file: Path) -> list[str]:
    """Return the `order:` of an existing issue.yaml, or [] when it has none."""
    if not issue_file.is_file():
        return []
    doc = yamlread.read(issue_file, issue_file.name)
    order = doc.data.get("order") if isinstance(doc.data, dict) else None
    return [s for s in order if isinstance(s, str)] if isinstance(order, list) else []
