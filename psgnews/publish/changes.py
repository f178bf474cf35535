"""What a publish sends and removes: the archive's files against what the target was last sent.

The target keeps a record, MANIFEST, of every file psgnews put there and its
SHA-256. A file is sent when the record lacks it, its digest differs, or the
target's copy is missing or of another size; a file the record names that the
archive no longer has is removed. Files psgnews did not put there are left alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from psgnews.core.readfile import read_regular
from psgnews.core.write import is_inside

MANIFEST = ".psgnews-published.json"


@dataclass(frozen=True)
class Local:
    """A file of the archive: its bytes and their SHA-256."""

    data: bytes
    digest: str


@dataclass
class Changes:
    """What a publish sends and removes, and how many files it leaves as they are."""

    send: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __bool__(self) -> bool:
        return bool(self.send or self.remove)


def archive_files(folder: Path) -> dict[str, Local]:
    """Return every file of the archive `folder` by its path under it (links are refused)."""
    files: dict[str, Local] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() or path.is_symlink():
            data = read_regular(path, within=folder)
            name = path.relative_to(folder).as_posix()
            files[name] = Local(data, hashlib.sha256(data).hexdigest())
    return files


def compare(local: dict[str, Local], record: dict[str, str], sizes: dict[str, int]) -> Changes:
    """Return what to send and remove: `record` is the target's MANIFEST, `sizes` its files."""
    changes = Changes()
    for name, file in local.items():
        if record.get(name) != file.digest or sizes.get(name) != len(file.data):
            changes.send.append(name)
        else:
            changes.unchanged += 1
    changes.remove = sorted(name for name in record if name not in local)
    return changes


def read_manifest(data: bytes | None) -> dict[str, str]:
    """Return the digests a target's MANIFEST records, by file; {} for none or an unreadable one."""
    try:
        files = json.loads(data or b"{}").get("files", {})
    except (ValueError, AttributeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if is_inside(str(k))}


def manifest(local: dict[str, Local]) -> bytes:
    """Return the MANIFEST recording the archive's files `local`."""
    files = {name: file.digest for name, file in sorted(local.items())}
    return (json.dumps({"files": files}, indent=1) + "\n").encode()
