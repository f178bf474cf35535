"""What the PDF renderer needs of an issue, as plain data.

The renderer process (`psgnews.render.pdf.process`) receives a `PrintJob`, not the
`Issue`: unpickling an Issue would import psgnews's content models (61-85 ms
measured, against 22 ms for this module) in the process whose start-up the PDF
already waits for.

The Issue names its files but does not say where they are; the job adds the
root they are read from, because the PDF renderer alone reads them: WeasyPrint
fetches each image the print HTML shows through the renderer's URL fetcher,
and the PDF carries the issue's source files inside it. Handing it the bytes
instead would read, and pipe to the renderer process, images the layout may
not show.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from psgnews.build.formats import PDF_VARIANTS
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
    sources: Mapping[str, str]  # the files the PDF carries, named from the root, and what they are
    images: frozenset[str]  # all it may read of the issue's folder: the images its content shows
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
            sources.listed(issue),
            frozenset(image.name for image in issue.images),
            owners,
            f"layout {'/'.join(issue.layout)}",
        )
