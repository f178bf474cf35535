"""The one writer: every file psgnews writes or deletes goes through here.

A file is written to a temp file in its own folder, fsynced, then moved over
the old one with `os.replace`, so a reader sees the old file or the new one,
never half of one. Each call names the folder it works in, and the files by
their paths under it: a path that leaves the folder, or that passes through or
ends on a symbolic link below it, is refused before anything is written or
deleted (a link at build/119/outbox must not let `send --dry-run` delete the
files it points to). The folder itself may be a link: the caller chose it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from psgnews.core.errors import UnsafePathError

SERIAL = 8  # up to this many files, no threads (an issue's outputs, a record)
WRITERS = 8  # threads writing temp files at once
MODE = 0o644
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_NO_LINKS = "psgnews does not {} files through links"

Place = tuple[tuple[str, ...], str]  # the folders below the writer's folder, and the file's name


def write_all(
    folder: Path, files: Mapping[str, bytes], made: dict[str, os.stat_result] | None = None
) -> list[Path]:
    """Write `files`, named by path under `folder`: all to temp files, then each moved into place.

    If anything fails before the moves, every file stays as it was and no temp
    file is left behind. `made`, if given, is told what `stat` said of each file
    as written, by name: the build record tells its outputs by it.
    """
    if not files:
        return []
    with _refused(folder, "write"):
        return _write_all(folder, files, made)


def _write_all(
    folder: Path, files: Mapping[str, bytes], made: dict[str, os.stat_result] | None
) -> list[Path]:
    places = {name: _place(folder, name, "write") for name in files}
    with _Folders(folder, "write", create=True) as folders:
        targets = {name: (folders.made(parts), leaf) for name, (parts, leaf) in places.items()}
        for name, (fd, leaf) in targets.items():
            folders.refuse_link(fd, leaf, name)
        _remove_leftovers(targets.values())
        temps: dict[str, str] = {}
        try:
            _write_temps(targets, files, temps)
            for name in list(temps):
                fd, leaf = targets[name]
                if made is not None:
                    made[name] = os.stat(temps[name], dir_fd=fd, follow_symlinks=False)
                os.replace(temps[name], leaf, src_dir_fd=fd, dst_dir_fd=fd)
                del temps[name]
        finally:
            for name, temp in temps.items():
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp, dir_fd=targets[name][0])
    return [folder / name for name in files]


def write_one(folder: Path, name: str, data: bytes) -> Path:
    """Write the file `name` (a path under `folder`) atomically."""
    return write_all(folder, {name: data})[0]


def remove(folder: Path, names: Iterable[str], *, prune: bool = False) -> list[Path]:
    """Delete the files `names` (paths under `folder`); those already gone are skipped.

    Every path is checked before the first is deleted. With `prune`, the folders
    below `folder` that the deletions leave empty are deleted too.
    """
    with _refused(folder, "delete"):
        return _remove(folder, list(names), prune)


def _remove(folder: Path, names: list[str], prune: bool = False) -> list[Path]:
    places = [(name, *_place(folder, name, "delete")) for name in names]
    with _Folders(folder, "delete", create=False) as folders:
        targets = []
        for name, parts, leaf in places:
            fd = folders.open(parts)
            if fd is not None:  # else its folder is gone, and the file with it
                folders.refuse_link(fd, leaf, name)
                targets.append((fd, leaf))
        for fd, leaf in targets:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leaf, dir_fd=fd)
        if prune:
            _prune(folders, {parts for _, parts, _ in places if parts})
    return [folder / name for name in names]


def _prune(folders: _Folders, emptied: set[tuple[str, ...]]) -> None:
    """Delete each of the folders `emptied` that is empty, then its parents while they are."""
    for parts in sorted(emptied, key=len, reverse=True):
        for depth in range(len(parts), 0, -1):
            parent = folders.open(parts[: depth - 1])
            try:  # rmdir deletes only an empty folder, never a link (ENOTDIR)
                if parent is None:
                    break
                os.rmdir(parts[depth - 1], dir_fd=parent)
            except OSError:
                break


def write_folder(target: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` as the new folder `target`: in a hidden folder beside it, then renamed.

    `target` must be missing or an empty folder; if anything fails, it stays so.
    """
    if target.is_symlink():
        raise UnsafePathError(f"{target} is a symbolic link: {_NO_LINKS.format('write')}")
    with _refused(target, "write"):
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        write_all(staging, files)
        if target.exists():
            target.rmdir()  # fails unless it is empty
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / name for name in files]


def is_inside(name: str) -> bool:
    """Return whether `name` is a path the writer takes: relative, no empty, "." or ".." part."""
    # Looked for in the text, each part between slashes (a record names 7,800 outputs): a
    # leading or trailing slash, or none at all, makes an empty part, "//" in `wrapped`.
    wrapped = f"/{name}/"
    return (
        "\0" not in name and "//" not in wrapped and "/./" not in wrapped and "/../" not in wrapped
    )


@contextlib.contextmanager
def _refused(folder: Path, verb: str) -> Iterator[None]:
    """Turn the machine's refusal (a read-only folder, a full disk) into one located error."""
    try:
        yield
    except OSError as e:
        raise UnsafePathError(f"cannot {verb} in {folder}: {e.strerror or e}") from e


def _place(folder: Path, name: str, verb: str) -> Place:
    """Return the folders and the file name of path `name`; refuse one that leaves `folder`."""
    if not is_inside(name):
        raise UnsafePathError(f"refusing to {verb} {name!r}: not a path inside {folder}")
    parts = tuple(name.split("/"))
    return parts[:-1], parts[-1]


def _write_temps(
    targets: Mapping[str, tuple[int, str]], files: Mapping[str, bytes], temps: dict[str, str]
) -> None:
    """Write each file to a temp file beside its target, adding each written to `temps`.

    Many files are written by a few threads at once, as fsync waits on the disk, not
    the CPU: 400 pages of 6 KB took 0.4-0.7 s so, against 2.2-3.8 s one by one. A few
    are written one by one: starting the threads cost more (3 files: 48 ms against 25).
    """
    if len(files) <= SERIAL:
        for name, (fd, leaf) in targets.items():
            temps[name] = _write_temp(fd, leaf, files[name])
        return
    # Imported only here: most calls write one file (a cache entry, a record, `new`).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(WRITERS, len(files))) as pool:
        futures = {
            name: pool.submit(_write_temp, fd, leaf, files[name])
            for name, (fd, leaf) in targets.items()
        }
    temps |= {name: f.result() for name, f in futures.items() if f.exception() is None}
    for future in futures.values():
        if (error := future.exception()) is not None:
            raise error


def _write_temp(folder: int, name: str, data: bytes) -> str:
    """Write `data` to a new temp file beside `name` in the open `folder`, on disk; return it."""
    temp = f".{name}.{os.getpid()}-{os.urandom(4).hex()}.tmp"  # the pid: see _remove_leftovers
    fd = os.open(temp, _NEW_FILE, MODE, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), MODE)  # whatever the umask, as every output always was
            os.fsync(f.fileno())
    except BaseException:
        os.unlink(temp, dir_fd=folder)
        raise
    return temp


def _remove_leftovers(targets: Iterable[tuple[int, str]]) -> None:
    """Delete the temp files beside `targets` that a writer killed before its move left.

    A temp file names its writer's process: one that has ended will never move it.
    """
    leaves: dict[int, set[str]] = {}
    for fd, leaf in targets:
        leaves.setdefault(fd, set()).add(leaf)
    for fd, names in leaves.items():
        for entry in os.listdir(fd):  # noqa: PTH208 - the open folder, never a path through a link
            found = _TEMP.fullmatch(entry)
            if found and found["leaf"] in names and not _alive(int(found["pid"])):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry, dir_fd=fd)


_TEMP = re.compile(r"\.(?P<leaf>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.tmp")


def _alive(pid: int) -> bool:
    """Return whether process `pid` exists (it may be another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Folders:
    """The folders below one folder that a call works in, each opened once and never through a link.

    Working through open folders, not paths, means a folder replaced by a link
    after it was checked is not followed either.
    """

    def __init__(self, base: Path, verb: str, *, create: bool) -> None:
        self.base, self.verb, self.create = base, verb, create
        self.fds: dict[tuple[str, ...], int | None] = {}

    def __enter__(self) -> _Folders:
        if self.create:
            self.base.mkdir(parents=True, exist_ok=True)
        try:
            self.fds[()] = os.open(self.base, _FOLDER)
        except FileNotFoundError:
            if self.create:
                raise
            self.fds[()] = None
        return self

    def __exit__(self, *exc: object) -> None:
        for fd in self.fds.values():
            if fd is not None:
                os.close(fd)

    def open(self, parts: tuple[str, ...]) -> int | None:
        """Return the open folder `parts` below the base (made if need be), or None if missing."""
        if parts in self.fds:
            return self.fds[parts]
        parent = self.open(parts[:-1])
        fd = None
        if parent is not None:
            if self.create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(parts[-1], dir_fd=parent)
            try:
                fd = os.open(parts[-1], _FOLDER | os.O_NOFOLLOW, dir_fd=parent)
            except FileNotFoundError:
                if self.create:
                    raise
            except OSError:
                self.refuse_link(parent, parts[-1], "/".join(parts))
                raise
        self.fds[parts] = fd
        return fd

    def made(self, parts: tuple[str, ...]) -> int:
        """Return the open folder `parts` below the base, made if it was missing."""
        fd = self.open(parts)
        if fd is None:  # only when not creating: a caller's mistake
            raise FileNotFoundError(self.base / "/".join(parts))
        return fd

    def refuse_link(self, folder: int, name: str, shown: str) -> None:
        """Raise UnsafePathError if `name` in the open `folder` is a symbolic link."""
        try:
            is_link = stat.S_ISLNK(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
        except FileNotFoundError:
            return
        if is_link:
            why = _NO_LINKS.format(self.verb)
            raise UnsafePathError(f"{self.base / shown} is a symbolic link: {why}")
