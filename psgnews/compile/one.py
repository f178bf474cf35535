"""Build an issue: gather and check everything, render every output, then write."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from psgnews.content.project import Root
from psgnews.core.formats import FORMATS as FORMATS
from psgnews.core.formats import PDF_VARIANTS as PDF_VARIANTS
from psgnews.core.formats import needs_pdf
from psgnews.core.write import write_all

if TYPE_CHECKING:
    from psgnews.content.model import Issue
    from psgnews.render.pdf.process import PdfRenderer


@dataclass(frozen=True)
class BuildOptions:
    """How outputs are made, beyond which ones: the same for every issue of a run."""

    pdf_variant: str = PDF_VARIANTS[0]
    print_marks: bool = False
    attach_pdf: bool = False  # also <name>-pdf.eml, the email with the PDF attached
    allow_clipping: bool = False  # let an HTML email over Gmail's clipping size through

    def fingerprint(self) -> list[str]:
        """Return the settings that shape the outputs' bytes, for the build record."""
        marks, attach = self.print_marks, self.attach_pdf
        return [f"pdf-variant={self.pdf_variant}", f"print-marks={marks}", f"attach-pdf={attach}"]


@dataclass(frozen=True)
class Built:
    """What one build wrote, and what from."""

    number: int
    paths: list[Path]
    digest: str  # the fingerprint of the issue it was made from (Issue.digest)
    layout: tuple[str, ...]  # the issue's layout chain
    # The SHA-256 of the bytes written, by file name: what the build record keeps. Not read
    # back from the disk, where another build into the same folder may have written since.
    written: dict[str, str]
    # What `stat` said of each file as written, by file name: the record keeps it to know them.
    made: dict[str, os.stat_result] = field(default_factory=dict)


def render_outputs(
    issue: Issue,
    root: Path,
    formats: Iterable[str],
    options: BuildOptions | None = None,
    pdf_renderer: PdfRenderer | None = None,
) -> dict[str, bytes]:
    """Return each requested output's file name and bytes; nothing is written.

    The PDF is made by `pdf_renderer` if given (a process started early), else here;
    it reads the issue's images and sources from `root`, the project it was loaded from.
    """
    # Imported here: a build that finds every issue up to date loads and renders nothing.
    from psgnews.render import budget, derive, documents, mailing

    options = options or BuildOptions()
    wanted = set(formats)
    outputs: dict[str, bytes] = {}
    pdf_bytes = None
    if needs_pdf(wanted, options.attach_pdf):
        html = documents.print_html(issue)
        variant, marks = options.pdf_variant, options.print_marks
        if pdf_renderer is not None:
            pdf_bytes = pdf_renderer.render(issue, html, root, variant=variant, print_marks=marks)
        else:
            from psgnews.render.pdf import (
                weasy,  # WeasyPrint is imported only when a PDF is asked for
            )

            pdf_bytes = weasy.render(
                issue, html, root, variant=variant, print_marks=marks, fonts=weasy.shared_fonts()
            )
        if "pdf" in wanted:
            outputs[f"{issue.basename}.pdf"] = pdf_bytes
        budget.check_pdf(f"issue {issue.number}", len(pdf_bytes))
    if issue.images and {"email", "eml"} & wanted:  # the outputs that show the images
        # Made here, in the build's worker: the web archive publishes them from the cache.
        budget.check_email_images(f"issue {issue.number}", derive.web_copies(root, issue))
    email_pdf = pdf_bytes if options.attach_pdf else None
    allow = options.allow_clipping
    outputs |= mailing.outputs(issue, wanted, pdf=email_pdf, allow_clipping=allow)
    return dict(sorted(outputs.items()))


def build_issue(
    root: Root,
    number: int,
    formats: Iterable[str] = FORMATS,
    out: Path | None = None,
    options: BuildOptions | None = None,
    pdf_renderer: PdfRenderer | None = None,
) -> Built:
    """Build issue `number` into `<out>/<number>/` (default `<root>/build/`)."""
    from psgnews.content.load import load_issue

    # Gather all data and render in memory: a failure here writes nothing.
    issue = load_issue(root, number)
    outputs = render_outputs(issue, root.path, formats, options, pdf_renderer)
    # Start writing.
    out = out or root.output
    made: dict[str, os.stat_result] = {}
    paths = write_all(out, {f"{number}/{name}": data for name, data in outputs.items()}, made)
    written = {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()}
    made = {name.removeprefix(f"{number}/"): found for name, found in made.items()}
    return Built(number, paths, issue.digest, issue.layout, written, made)
