"""The only stage that touches the output folder: every file written atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_all(folder: Path, outputs: Mapping[str, bytes]) -> list[Path]:
    """Write every output into `folder`: all to temp files first, then each moved into place.

    If anything fails before the moves, the earlier outputs stay as they were and
    no temp file is left behind.
    """
    folder.mkdir(parents=True, exist_ok=True)
    temps: dict[str, Path] = {}
    try:
        for name, data in outputs.items():
            temps[name] = _write_temp(folder, name, data)
        for name, temp in temps.items():
            temp.replace(folder / name)
    finally:
        for temp in temps.values():
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    return [folder / name for name in outputs]


def write_one(path: Path, data: bytes) -> Path:
    """Write one file atomically."""
    return write_all(path.parent, {path.name: data})[0]


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    fd, path = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    temp = Path(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        temp.chmod(0o644)
    except BaseException:
        temp.unlink()
        raise
    return temp
