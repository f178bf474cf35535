"""The files an issue is built from, which its PDF carries inside it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from psgnews.load import CONFIG
from psgnews.model import Issue

MIME_TYPES = {
    ".yaml": "application/yaml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml",
}  # fmt: skip


@dataclass(frozen=True)
class Source:
    """One file of the issue's source: its path in the root, bytes and type."""

    name: str
    data: bytes
    mime_type: str
    description: str


def mime_type(name: str) -> str:
    """Return the media type of file `name`, the same on every machine."""
    return MIME_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def files(issue: Issue, used: Iterable[Path]) -> list[Source]:
    """Return psgnews.yaml, the issue's YAML files, its standing pieces and the `used` files."""
    names = [CONFIG, *issue.sources]
    folder = issue.folder.resolve()
    prefix = issue.folder.relative_to(issue.root).as_posix()
    names += [f"{prefix}/{path.relative_to(folder).as_posix()}" for path in used]
    return [
        Source(name, (issue.root / name).read_bytes(), mime_type(name), _describe(name))
        for name in sorted(set(names))
    ]


def _describe(name: str) -> str:
    if name == CONFIG:
        return "psgnews settings"
    if name.endswith(".yaml"):
        return "psgnews source"
    return "image used by the issue"
