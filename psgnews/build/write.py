"""The only stage that touches the output folder: every file written atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

WRITERS = 8  # threads writing at once in write_many


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


def write_many(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file atomically, as `write_all` does, for files spread over many folders.

    The temp files are written and fsynced by a few threads at once (fsync waits
    on the disk, not the CPU); only when all are on disk is each moved into place.
    """
    for folder in {path.parent for path in files}:
        folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(WRITERS) as pool:
        futures = {
            path: pool.submit(_write_temp, path.parent, path.name, data)
            for path, data in files.items()
        }
    temps = {path: f.result() for path, f in futures.items() if f.exception() is None}
    try:
        for future in futures.values():
            if (error := future.exception()) is not None:
                raise error
        for path, temp in temps.items():
            temp.replace(path)
    finally:
        for temp in temps.values():
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    return list(files)


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
