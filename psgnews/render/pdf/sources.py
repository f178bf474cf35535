"""The files an issue is built from, which its PDF carries inside it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from psgnews.core.readfile import read_checked

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


def read(root: Path, issue: Issue) -> tuple[Source, ...]:
    """Return psgnews.yaml and the YAML files `issue` is built from, as the PDF carries them.

    Each is read once more, safely (no link, no more than loading reads), and
    only if its bytes are still those loading checked: the PDF never carries a
    file put in a source's place since.
    """
    from psgnews.content.yamlread import MAX_BYTES  # PyYAML: never in the renderer process

    described = [(issue.settings, SETTINGS)]
    described += [(source, "psgnews source") for source in issue.sources]
    found = []
    for source, description in described:
        data = read_checked(root / source.name, source.digest, MAX_BYTES)
        shown = without_relay(data) if description == SETTINGS else data
        found.append(Source(source.name, shown, mime_type(source.name), description))
    return tuple(found)


def files(job: PrintJob, used: Iterable[str]) -> list[Source]:
    """Return the job's YAML sources (see `read`) and the `used` images, by name from the root.

    An image is attached as its print copy, under the original's name: the copy
    the PDF shows, without the original's metadata. Built again from what
    `extract` recovers, each copy is its own copy, so the PDF is the same.
    """
    found = [*job.sources]
    found += [Source(name, job.copies[name], mime_type(name), IMAGE) for name in used]
    return sorted(found, key=lambda source: source.name)


def without_relay(settings: bytes) -> bytes:
    """Return psgnews.yaml's bytes without its top-level `smtp:` block, said so in a comment."""
    return RELAY.sub(lambda _: RELAY_LEFT_OUT, settings, count=1)
