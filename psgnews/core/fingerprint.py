"""Fingerprints of everything that shapes an issue's outputs, and the record of the last build.

An issue's fingerprint covers its own files and images, the standing pieces,
every file of its layout chain, `psgnews.yaml` and the versions of psgnews and
of the libraries that render it; its outputs' fingerprint adds the formats and
settings they were built with. Only bytes are hashed: nothing is parsed. The
layout chain is the one loading resolved (`Issue.layout`), kept in the record
of the last build and in the cache of checked content; the files it was
resolved from (issue.yaml, each layout's layout.yaml) are hashed with the rest,
so a kept chain is right as long as the fingerprint matches. An up-to-date
archive is thus checked without loading an issue or importing WeasyPrint.

The record (`<out>/.psgnews/<N>.json`, outside the folders people copy or
upload) keeps the fingerprint, the settings it was computed with, the layout
chains and the SHA-256 of the bytes the build wrote (never read back: another
build into the same folder may have written since); an output deleted or edited
by hand, or by another build, or a record that cannot be read, means "rebuild".

Beside the record, `<N>.stat.json` keeps what `stat` said of each output as
written (`psgnews.core.digests.key_of`), and the SHA-256 of the record it goes
with (it is this machine's, not the build's: the record stays the same bytes
for the same build), so that a no-op build reads none of the
thousands of outputs to see they are intact: a file whose stat is the same is
the one written. It is kept only for a file that is still the one the writer
made (same inode, size and modification time as its temp file), and only if
its times are older than the record's writing, a moment taken on the
file system's own clock after every output was written and before any was
stat'ed: any later change, by hand or by another build, sets the change time to
that moment or after, so it cannot leave the stat as kept (git's racy-timestamp
rule). Outputs without a kept stat are hashed, through the memo of digests.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeGuard

from psgnews import __version__
from psgnews.core import digests, paths
from psgnews.core.errors import UnreadableFileError
from psgnews.core.installed import library_versions
from psgnews.core.names import is_name
from psgnews.core.readfile import open_regular, passes_link, read_regular
from psgnews.core.write import is_inside, write_one

RECORDS = ".psgnews"
RECORD_LIMIT = 16 * 1024 * 1024  # a record of 120 issues is about 40 KB; the web's, 200 KB
SCHEMA = 3  # 2: the record keeps its settings; 3: and the layout chains
# The libraries whose output ends up in the files: a new version may change the bytes
# (pydantic and PyYAML too: they make the checked content the cache keeps).
RENDERERS = ("weasyprint", "pydyf", "fonttools", "jinja2", "markdown-it-py", "mdit-py-plugins",
             "linkify-it-py",
             "nh3", "css-inline", "pyphen", "tinycss2", "cssselect2", "pillow", "pydantic",
             "pydantic-core", "pyyaml", "pagefind-bin")  # fmt: skip


def file_digest(path: Path | str) -> str:
    """Return the SHA-256 of `path`, or why it is not read: "missing" or "not a regular file".

    Only regular files are read, and no link is followed: a link to a device such
    as /dev/urandom would never end, one to a file outside the project would
    bring that file in (the build itself refuses both, with a message naming the file).
    A file unchanged since it was last read is not read again (`psgnews.core.digests`).
    """
    memo = digests.current()
    try:
        found = os.lstat(path)
        if stat.S_ISREG(found.st_mode) and (known := memo.recall(path, found)) is not None:
            return known
        began = time.time_ns()
        with open_regular(Path(path), folders_checked=True) as f:
            before = os.fstat(f.fileno())
            digest = hashlib.file_digest(f, "sha256").hexdigest()
            memo.note(Path(path), before, os.fstat(f.fileno()), began, digest)
            return digest
    except FileNotFoundError:
        return "missing"
    except (OSError, UnreadableFileError):
        return "not a regular file"


@dataclass
class SourceDigests:
    """Fingerprint lines of the source files, each read once per run (sources do not change
    during a build; outputs do, so they are hashed afresh with `file_digest`)."""

    # By path as text: a Path for each of an archive's thousands of files cost more than its stat.
    digests: dict[str, str] = field(default_factory=dict)
    trees: dict[tuple[Path, str], list[str]] = field(default_factory=dict)
    chains: dict[tuple[Path, tuple[str, ...]], list[str]] = field(default_factory=dict)
    # The records of the issues found current: not built again in this run, so not rewritten.
    records: dict[Path, Record] = field(default_factory=dict)
    linked: dict[Path, bool] = field(default_factory=dict)  # whether a folder passes a link

    def file(self, path: Path | str) -> str:
        """Return the digest of the source file `path`."""
        key = str(path)
        if key not in self.digests:
            self.digests[key] = file_digest(key)
        return self.digests[key]

    def tree(self, folder: Path, label: str) -> list[str]:
        """Return one line per file below `folder`: its path under `label` and its digest."""
        if (folder, label) not in self.trees:
            if self.passes_link(folder):  # never walked: it could lead anywhere (loading refuses)
                lines = [f"{label}/ symbolic link"]
            else:
                top = str(folder)
                lines = [f"{label}/{name} {self.file(f'{top}/{name}')}" for name in _files(folder)]
            self.trees[folder, label] = lines
        return self.trees[folder, label]

    def passes_link(self, folder: Path) -> bool:
        """Return whether `folder` is a link or inside a linked folder; its parent's answer kept.

        One `lstat` for each of the archive's issue folders, not one for every folder
        on the way down to it.
        """
        parent = folder.parent
        if folder.name in ("", ".", "..") or parent == folder:
            return passes_link(folder)
        if parent not in self.linked:
            self.linked[parent] = passes_link(parent)
        try:
            return self.linked[parent] or stat.S_ISLNK(os.lstat(folder).st_mode)
        except OSError:
            return False  # not there: nothing is walked


def _files(folder: Path) -> list[str]:
    """Return the path of every file below `folder`, relative to it, sorted."""
    found: list[str] = []
    for parent, _, files in os.walk(folder):
        where = Path(parent).relative_to(folder).as_posix()
        found += [name if where == "." else f"{where}/{name}" for name in files]
    return sorted(found)


@cache
def versions() -> tuple[str, ...]:
    """Return psgnews's version and code, and the rendering libraries' versions (not imported)."""
    code = Path(__file__).parents[1]  # the psgnews package, every subpackage included
    found = [f"psgnews {__version__}"]
    found += [f"psgnews/{name} {file_digest(code / name)}" for name in _modules(code)]
    return (*found, *library_versions(RENDERERS))


def _modules(folder: Path, prefix: str = "") -> list[str]:
    """Return the path below `folder` of every .py file in it, sorted: the source, not caches."""
    found: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                found += _modules(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                found.append(prefix + entry.name)
    return sorted(found)


def issue_lines(root: Path, number: int, sources: SourceDigests) -> list[str]:
    """Return the fingerprint lines of what issue `number` is made from, but for its layouts."""
    lines = [f"schema {SCHEMA}", *versions(), f"psgnews.yaml {sources.file(root / 'psgnews.yaml')}"]
    lines += sources.tree(root / "issues" / "_standing", "issues/_standing")
    lines += sources.tree(root / "issues" / str(number), f"issues/{number}")
    return lines


def news_lines(root: Path, sources: SourceDigests) -> list[str]:
    """Return the fingerprint lines of what the briefings and series items are made from."""
    lines = [f"schema {SCHEMA}", *versions(), f"psgnews.yaml {sources.file(root / 'psgnews.yaml')}"]
    for name in (paths.BRIEFINGS, paths.SERIES):
        lines += sources.tree(root / "issues" / name, f"issues/{name}")
    return lines


def layout_lines(root: Path, chain: Sequence[str], sources: SourceDigests) -> list[str]:
    """Return the fingerprint lines of every folder of the layout chain `chain`."""
    if (root, tuple(chain)) not in sources.chains:
        lines = [f"layouts {'/'.join(chain)}"]
        for name in chain:
            folder = paths.layout_folder(root, name)
            # The shipped default is named by its path, so an issue loaded with it is not
            # served from the cache once the project has a layouts/default of its own.
            own = folder == root / "layouts" / name
            label = f"layouts/{name}" if own else folder.as_posix()
            lines.append(f"{label}/ {'folder' if folder.is_dir() else 'missing'}")
            lines += sources.tree(folder, label)
        sources.chains[root, tuple(chain)] = lines
    return sources.chains[root, tuple(chain)]


def issue_digest(root: Path, number: int, chain: Sequence[str], sources: SourceDigests) -> str:
    """Return the fingerprint of everything issue `number`, laid out by `chain`, is made from."""
    return digest_of([*issue_lines(root, number, sources), *layout_lines(root, chain, sources)])


def outputs_fingerprint(digest: str, settings: Iterable[str]) -> str:
    """Return the fingerprint of outputs made with `settings` from the issue of digest `digest`."""
    return digest_of([digest, f"settings {','.join(sorted(settings))}"])


def is_current(
    root: Path, out: Path, number: int, settings: Iterable[str], sources: SourceDigests
) -> bool:
    """Return whether `<out>/<number>/` holds the outputs of issue `number`, as it is now.

    They must have been made with `settings`, and none may be missing or edited.
    The layout chain is the one the record says they were made with.
    """
    path = record_path(out, str(number))
    record = read_record(path)
    if record is None or not _made_now(root, number, out / str(number), record, settings, sources):
        return False
    sources.records[path] = record
    return True


def current_record(path: Path, sources: SourceDigests) -> Record | None:
    """Return the build record at `path`: the one found current earlier in this run, or read now."""
    return sources.records.get(path) or read_record(path)


def output_is_current(
    root: Path, out: Path, number: int, name: str, sources: SourceDigests
) -> bool:
    """Return whether output `name` in `<out>/<number>/` was built from issue `number` as it is now.

    The fingerprint is computed again with the settings the last build recorded,
    so whichever build made the file counts (`build 119` or `build 119 --format pdf`).
    """
    record = read_record(record_path(out, str(number)))
    if record is None or name not in record.outputs:
        return False
    return _made_now(root, number, out / str(number), record, record.settings, sources)


def _made_now(
    root: Path,
    number: int,
    folder: Path,
    record: Record,
    settings: Iterable[str],
    sources: SourceDigests,
) -> bool:
    """Return whether `record`'s outputs in `folder` are intact and made from the issue as it is."""
    chain = record.layouts.get(str(number))
    if chain is None:
        return False
    digest = issue_digest(root, number, chain, sources)
    current = record.fingerprint == outputs_fingerprint(digest, settings)
    return current and intact(folder, record)


def digest_of(lines: Iterable[str]) -> str:
    """Return the SHA-256 of `lines`, one per line."""
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def record_path(out: Path, name: str) -> Path:
    """Return where the build record `name` (an issue number, or "web") of `out` is kept."""
    return out / RECORDS / f"{name}.json"


@dataclass(frozen=True)
class Record:
    """What the last build of an issue (or of the web archive) made, and from what."""

    fingerprint: str
    settings: tuple[str, ...]  # the formats and options the fingerprint was computed with
    outputs: dict[str, str]  # the SHA-256 of each output, by its path in the build's folder
    layouts: dict[str, tuple[str, ...]]  # the layout chain of each issue it was made from
    stamps: dict[str, list[int]] = field(default_factory=dict)  # what stat said of outputs


def read_record(path: Path) -> Record | None:
    """Return the build record at `path`, or None when it is missing or cannot be trusted.

    A record is not trusted unless every output it names is a path inside its
    build's folder, every issue a number and every layout a name: it may have
    been planted, and the outputs it names are hashed, and removed when stale.
    """
    out = path.parent.parent  # <out>/.psgnews/<name>.json: no link below <out>, the user's choice
    real = os.path.realpath(out)  # once for the record and its stat file
    try:
        data = read_regular(path, RECORD_LIMIT, within=out, real=real)
        found = json.loads(data)
    except (OSError, ValueError, UnreadableFileError):
        return None
    if not isinstance(found, dict) or found.get("schema") != SCHEMA:
        return None
    fingerprint, outputs, layouts = (found.get(k) for k in ("fingerprint", "outputs", "layouts"))
    if not (isinstance(fingerprint, str) and _strings(outputs) and isinstance(layouts, dict)):
        return None
    settings = found.get("settings")
    if not isinstance(settings, list) or not all(isinstance(s, str) for s in settings):
        return None
    chains = {
        n: tuple(c)
        for n, c in layouts.items()
        if paths.is_number(n)
        and isinstance(c, list)
        and all(isinstance(x, str) and is_name(x) for x in c)
    }
    if len(chains) != len(layouts) or not all(map(is_inside, outputs)):
        return None
    stamps = _stamps(path, hashlib.sha256(data).hexdigest(), real)
    return Record(fingerprint, tuple(settings), outputs, chains, stamps)


def _stamps(path: Path, record: str, real: str) -> dict[str, list[int]]:
    """Return the stat kept of each output of the record at `path` if kept with it (`record`).

    Not checked entry by entry (7,800 for the web archive): a kept stat is only ever
    compared with what `stat` says now, and anything else is simply not equal. `real`
    is the real path of the build's folder, which the record is in.
    """
    try:
        out = path.parent.parent
        found = json.loads(read_regular(_stat_path(path), RECORD_LIMIT, within=out, real=real))
        stamps = found["stamps"] if found["record"] == record else {}
    except (OSError, ValueError, UnreadableFileError, KeyError, TypeError):
        return {}  # none yet, or not ours: the outputs are read
    return stamps if isinstance(stamps, dict) else {}


def _stat_path(record: Path) -> Path:
    """Return where what `stat` said of the outputs of `record` is kept."""
    return record.with_name(f"{record.stem}.stat.json")


def _strings(value: object) -> TypeGuard[dict[str, str]]:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def intact(folder: Path, record: Record) -> bool:
    """Return whether every output the record lists is in `folder` with the recorded digest."""
    return bool(record.outputs) and all(
        output_digest(folder, record, name) == digest for name, digest in record.outputs.items()
    )


def output_digest(folder: Path, record: Record | None, name: str) -> str:
    """Return the digest of output `name` in `folder`: `record`'s, if its stat is the one kept."""
    path = f"{folder}/{name}"  # text: a Path for each of 6,300 outputs took most of a no-op build
    if record is not None and (kept := record.stamps.get(name)) is not None:
        try:  # no context manager made for each of 7,800 outputs
            found = os.lstat(path)
        except OSError:
            return file_digest(path)  # gone, or not to be looked at: it says which
        if [*digests.key_of(found)] == kept:
            return record.outputs[name]
    return file_digest(path)


def write_record(
    out: Path,
    name: str,
    fingerprint: str,
    digests: Mapping[str, str],
    layouts: Mapping[int, Sequence[str]],
    settings: Sequence[str] = (),
    written: digests.Written | None = None,
) -> Path:
    """Record in `out` as `name` the outputs' `digests` (by path), and what they were made from.

    `settings` are those the fingerprint was computed with (formats and options).
    With `written`, what `stat` says of each output is kept too.
    """
    record = {
        "schema": SCHEMA,
        "fingerprint": fingerprint,
        "settings": list(settings),
        "layouts": {str(n): list(chain) for n, chain in sorted(layouts.items())},
        "outputs": dict(sorted(digests.items())),
    }
    text = (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()
    path = write_one(out, f"{RECORDS}/{name}.json", text)
    if written is not None:
        # The file system's clock now, after every output was written: see the module's docstring.
        clock = os.lstat(path).st_mtime_ns
        kept = {
            "record": hashlib.sha256(text).hexdigest(),
            "stamps": written.stamps(digests, clock),
        }
        write_one(out, f"{RECORDS}/{_stat_path(path).name}", json.dumps(kept).encode())
    return path
