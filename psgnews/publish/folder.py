"""Publish to a folder on this machine (a web server's), through psgnews's one writer."""

from __future__ import annotations

from pathlib import Path

from psgnews.core import write
from psgnews.core.readfile import read_regular
from psgnews.publish.changes import MANIFEST, Changes, Local, compare, manifest, read_manifest


def publish(target: Path, local: dict[str, Local], *, dry_run: bool) -> Changes:
    """Bring folder `target` up to date with the archive's files `local`."""
    try:
        record = read_regular(target / MANIFEST, within=target)
    except FileNotFoundError:
        record = b""
    changes = compare(local, read_manifest(record), _sizes(target, local))
    if dry_run or not changes:
        return changes
    target.mkdir(parents=True, exist_ok=True)
    write.write_all(target, {name: local[name].data for name in changes.send})
    write.remove(target, changes.remove, prune=True)
    write.write_one(target, MANIFEST, manifest(local))
    return changes


def _sizes(target: Path, local: dict[str, Local]) -> dict[str, int]:
    """Return the size of each file of `local` that `target` holds as a regular file."""
    sizes = {}
    for name in local:
        path = target / name
        if path.is_file() and not path.is_symlink():
            sizes[name] = path.stat().st_size
    return sizes
