"""Fingerprints of everything that shapes an issue's outputs, and the record of the last build.

An issue's fingerprint covers its own files and images, the standing pieces,
every file of its resolved layout chain, `psgnews.yaml`, the formats asked for
and the versions of psgnews and of the libraries that render it. It is computed
from the files alone, without loading the issue or importing WeasyPrint, so an
up-to-date archive is checked in a fraction of a second.

The record (`<out>/.psgnews/<N>.json`, outside the folders people copy or
upload) keeps the fingerprint and the SHA-256 of every output written; an
output deleted or edited by hand, or a record that cannot be read, means
"rebuild".
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from psgnews import __version__
from psgnews.build.write import write_one
from psgnews.content import yamlread
from psgnews.render import layouts

RECORDS = ".psgnews"
SCHEMA = 1
# The libraries whose output ends up in the files: a new version may change the bytes
# (pydantic and PyYAML too: they make the checked content the cache keeps).
RENDERERS = ("weasyprint", "pydyf", "fonttools", "jinja2", "markdown-it-py", "mdit-py-plugins",
             "nh3", "css-inline", "pyphen", "tinycss2", "cssselect2", "pillow", "pydantic",
             "pydantic-core", "pyyaml")  # fmt: skip


def file_digest(path: Path) -> str:
    """Return the SHA-256 of `path`, or why it is not read: "missing" or "not a regular file".

    Only regular files are read: a link to a device such as /dev/urandom would
    never end (the build itself refuses it, with a message naming the file).
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # before opening: a FIFO would block
            return "not a regular file"
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return "missing"


@dataclass
class Sources:
    """Fingerprint lines of the source files, each read once per run (sources do not change
    during a build; outputs do, so they are hashed afresh with `file_digest`)."""

    digests: dict[Path, str] = field(default_factory=dict)
    trees: dict[tuple[Path, str], list[str]] = field(default_factory=dict)
    chains: dict[tuple[Path, str], list[str]] = field(default_factory=dict)

    def file(self, path: Path) -> str:
        """Return the digest of the source file `path`."""
        if path not in self.digests:
            self.digests[path] = file_digest(path)
        return self.digests[path]

    def tree(self, folder: Path, label: str) -> list[str]:
        """Return one line per file below `folder`: its path under `label` and its digest."""
        if (folder, label) not in self.trees:
            lines = [f"{label}/{name} {self.file(folder / name)}" for name in _files(folder)]
            self.trees[folder, label] = lines
        return self.trees[folder, label]


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
    code = Path(__file__).parent
    modules = sorted(code.rglob("*.py"))  # the source, not the interpreter's compiled caches
    found = [f"psgnews {__version__}"]
    found += [f"psgnews/{m.relative_to(code).as_posix()} {file_digest(m)}" for m in modules]
    installed = _installed()
    found += [f"{name} {installed.get(name, 'absent')}" for name in RENDERERS]
    return tuple(found)


def _installed() -> dict[str, str]:
    """Return the version of each installed distribution by its normalised name.

    Read from the names of the `<name>-<version>.dist-info` folders on the path,
    which is all `importlib.metadata.version` would tell, in a fraction of its time.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = [path.name for path in Path(entry or ".").iterdir()]
        except OSError:  # a zip file, or a folder that is not there
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, version = name.removesuffix(".dist-info").partition("-")
                found.setdefault(re.sub(r"[-_.]+", "-", dist).lower(), version)
    return found


def layout_name(issue_yaml: Path) -> str:
    """Return the `layout:` an issue.yaml pins, without checking the rest of the file."""
    try:
        data = yamlread.read(issue_yaml, issue_yaml.name).data
    except OSError:  # the build itself will report the unreadable file
        return layouts.DEFAULT
    layout = data.get("layout") if isinstance(data, dict) else None
    if isinstance(layout, int) and not isinstance(layout, bool):
        return str(layout)  # as the schema reads `layout: 2006`
    return layout if isinstance(layout, str) else layouts.DEFAULT


def layout_lines(root: Path, name: str, sources: Sources) -> list[str]:
    """Return the fingerprint lines of every folder in layout `name`'s resolved chain."""
    if (root, name) not in sources.chains:
        chain, problems = layouts.chain(root, name)
        lines = [f"layout-problem {p}" for p in problems]
        for layout in chain:
            lines += sources.tree(root / "layouts" / layout, f"layouts/{layout}")
        sources.chains[root, name] = lines
    return sources.chains[root, name]


def issue_fingerprint(root: Path, number: int, formats: Iterable[str], sources: Sources) -> str:
    """Return the fingerprint of everything that shapes issue `number`'s outputs in `formats`."""
    folder = root / "issues" / str(number)
    lines = [f"schema {SCHEMA}", *versions(), f"formats {','.join(sorted(formats))}"]
    lines.append(f"psgnews.yaml {sources.file(root / 'psgnews.yaml')}")
    lines += sources.tree(root / "issues" / "_standing", "issues/_standing")
    lines += sources.tree(folder, f"issues/{number}")
    lines += layout_lines(root, layout_name(folder / "issue.yaml"), sources)
    return digest_of(lines)


def digest_of(lines: Iterable[str]) -> str:
    """Return the SHA-256 of `lines`, one per line."""
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def record_path(out: Path, name: str) -> Path:
    """Return where the build record `name` (an issue number, or "web") of `out` is kept."""
    return out / RECORDS / f"{name}.json"


def read_record(path: Path) -> dict[str, object] | None:
    """Return the build record at `path`, or None when it is missing or cannot be trusted."""
    try:
        record = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("schema") != SCHEMA:
        return None
    if not isinstance(record.get("fingerprint"), str) or not isinstance(
        record.get("outputs"), dict
    ):
        return None
    return record


def is_current(record: Path, folder: Path, fingerprint: str) -> bool:
    """Return whether `folder` holds outputs of `fingerprint`, none of them missing or edited."""
    found = read_record(record)
    return found is not None and found["fingerprint"] == fingerprint and intact(folder, found)


def intact(folder: Path, record: dict[str, object]) -> bool:
    """Return whether every output the record lists is in `folder` with the recorded digest."""
    outputs = record["outputs"]
    assert isinstance(outputs, dict)
    return bool(outputs) and all(
        isinstance(name, str) and ".." not in name and file_digest(folder / name) == digest
        for name, digest in outputs.items()
    )


def write_record(out: Path, name: str, fingerprint: str, digests: Mapping[str, str]) -> Path:
    """Record in `out` as `name` the outputs' `digests` (by path), built from `fingerprint`."""
    record = {
        "schema": SCHEMA,
        "fingerprint": fingerprint,
        "outputs": dict(sorted(digests.items())),
    }
    text = json.dumps(record, indent=1, sort_keys=True) + "\n"
    return write_one(out, f"{RECORDS}/{name}.json", text.encode())


def digests(folder: Path, outputs: Iterable[Path]) -> dict[str, str]:
    """Return the SHA-256 of each file of `outputs`, by its path under `folder`."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in outputs
    }
