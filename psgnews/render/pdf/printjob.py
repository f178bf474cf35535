"""What the PDF renderer needs of an issue, as plain data.

The renderer process (`psgnews.render.pdf.process`) receives a `PrintJob`, not the
`Issue`: unpickling an Issue would import psgnews's content models (61-85 ms
measured, against 22 ms for this module) in the process whose start-up the PDF
already waits for.

The Issue names its files but does not say where they are; the job adds the
bytes of its YAML sources (the PDF carries them inside it), read here once more
and only if they are still what loading checked, and the print copy of each
image its content shows (`psgnews.render.derive`), both made here, in the
building process, so the renderer process only lays out: WeasyPrint
fetches each image through the renderer's URL fetcher, which serves the print
copy under the original's URL, and the PDF carries that copy as the image's source.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from psgnews.core.formats import PDF_VARIANTS
from psgnews.render.pdf import sources

if TYPE_CHECKING:
    from psgnews.content.model import Issue


@dataclass(frozen=True)
class PrintJob:
    """One PDF to make: the print HTML, the PDF's settings, and the issue's folders and files."""

    html: str
    variant: str
    print_marks: bool
    number: int
    date: datetime.date
    root: Path  # the project the issue was loaded from, where its files are read
    folder: Path
    layout_dirs: tuple[Path, ...]
    sources: tuple[sources.Source, ...]  # the YAML files the PDF carries, as loading checked them
    images: frozenset[str]  # all it may read of the issue's folder: the images its content shows
    copies: Mapping[str, bytes]  # the print copy of each of those images, by the original's name
    owners: Mapping[str, str]  # an element id of the HTML: who wrote it, for messages
    layout: str  # who wrote the rest, e.g. "layout default"

    @classmethod
    def of(
        cls,
        issue: Issue,
        html: str,
        root: Path,
        variant: str = PDF_VARIANTS[0],
        print_marks: bool = False,
    ) -> PrintJob:
        """Return the job of rendering `html`, the print HTML of `issue` loaded from `root`."""
        from psgnews.render import derive  # Pillow: only a build that makes a PDF encodes

        owners = {"editorial": f"the editorial in {issue.sources[0].name}"}
        owners |= {piece.slug: f"standing piece {piece.source}" for piece in issue.standing}
        owners |= {article.slug: f"article {article.source}" for article in issue.articles}
        return cls(
            html,
            variant,
            print_marks,
            issue.number,
            issue.date,
            root,
            root / issue.folder_name,
            issue.layout_dirs,
            sources.read(root, issue),
            frozenset(image.name for image in issue.images),
            derive.print_copies(root, issue),
            owners,
            f"layout {'/'.join(issue.layout)}",
        )
