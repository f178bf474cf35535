"""The files an issue is built from, which its PDF carries inside it."""

from __future__ import annotations

import re
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


IMAGE = "image used by the issue (its print copy)"
SETTINGS = "psgnews settings"
# The relay members' copies are sent through is no reader's business, and no
# rebuild needs it: the PDF's copy of psgnews.yaml leaves the block out.
RELAY = re.compile(rb"^smtp[ \t]*:.*\n?(?:(?:[ \t]+.*|)(?:\n|\Z))*", re.MULTILINE)
RELAY_LEFT_OUT = b"# smtp: (the relay's settings) left out of the copy inside the PDF\n"


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
    return {issue.settings.name: SETTINGS} | dict.fromkeys(names, "psgnews source")


def files(job: PrintJob, used: Iterable[str]) -> list[Source]:
    """Return the files `job` lists (see `listed`) and the `used` images, by name from the root.

    An image is attached as its print copy, under the original's name: the copy
    the PDF shows, without the original's metadata. Built again from what
    `extract` recovers, each copy is its own copy, so the PDF is the same.
    """
    found = [
        Source(name, _shown(job.root / name, description), mime_type(name), description)
        for name, description in job.sources.items()
    ]
    found += [Source(name, job.copies[name], mime_type(name), IMAGE) for name in used]
    return sorted(found, key=lambda source: source.name)


def _shown(path: Path, description: str) -> bytes:
    """Return the bytes of source file `path` as the PDF carries them."""
    data = path.read_bytes()
    return without_relay(data) if description == SETTINGS else data


def without_relay(settings: bytes) -> bytes:
    """Return psgnews.yaml's bytes without its top-level `smtp:` block, said so in a comment."""
    return RELAY.sub(lambda _: RELAY_LEFT_OUT, settings, count=1)
