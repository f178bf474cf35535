"""The files an issue is built from, which its PDF carries inside it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psgnews.content.model import Issue
    from psgnews.render.pdf.printjob import PrintJob

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


def listed(issue: Issue) -> dict[str, str]:
    """Return psgnews.yaml and the YAML files `issue` is built from, each with its description."""
    names = [source.name for source in issue.sources]
    return {issue.settings.name: "psgnews settings"} | dict.fromkeys(names, "psgnews source")


def files(job: PrintJob, used: Iterable[Path]) -> list[Source]:
    """Return the files `job` lists (see `listed`) and the `used` files of the issue's folder."""
    folder = job.folder.resolve()
    prefix = job.folder.relative_to(job.root).as_posix()
    names = {f"{prefix}/{path.relative_to(folder).as_posix()}": _describe(path) for path in used}
    names |= job.sources
    return [
        Source(name, (job.root / name).read_bytes(), mime_type(name), description)
        for name, description in sorted(names.items())
    ]


def _describe(used: Path) -> str:
    return "psgnews source" if used.suffix == ".yaml" else "image used by the issue"
