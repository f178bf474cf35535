"""Build an issue: gather and check everything, render every output, then write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from psgnews import mailing, render
from psgnews.load import Root, load_issue
from psgnews.model import Issue
from psgnews.write import write_all

FORMATS = ("pdf", "email", "text", "eml")
EXTENSIONS = {"pdf": "pdf", "email": "html", "text": "txt", "eml": "eml"}


@dataclass(frozen=True)
class Built:
    """What one build wrote."""

    number: int
    paths: list[Path]


def render_outputs(
    issue: Issue, formats: Iterable[str], *, attach_pdf: bool = False, allow_clipping: bool = False
) -> dict[str, bytes]:
    """Return each requested output's file name and bytes; nothing is written.

    `attach_pdf` adds `<name>-pdf.eml`, the email with the PDF attached;
    `allow_clipping` lets an HTML email over Gmail's clipping size through.
    """
    wanted = set(formats)
    outputs: dict[str, bytes] = {}
    pdf_bytes = None
    if "pdf" in wanted or attach_pdf:
        from psgnews import pdf  # WeasyPrint is imported only when a PDF is asked for

        pdf_bytes = pdf.render(issue, render.print_html(issue))
        if "pdf" in wanted:
            outputs[f"{issue.basename}.pdf"] = pdf_bytes
    email_pdf = pdf_bytes if attach_pdf else None
    outputs |= mailing.outputs(issue, wanted, pdf=email_pdf, allow_clipping=allow_clipping)
    return dict(sorted(outputs.items()))


def build_issue(
    root: Root,
    number: int,
    formats: Iterable[str] = FORMATS,
    out: Path | None = None,
    *,
    attach_pdf: bool = False,
    allow_clipping: bool = False,
) -> Built:
    """Build issue `number` into `<out>/<number>/` (default `<root>/build/`)."""
    # Gather all data and render in memory: a failure here writes nothing.
    issue = load_issue(root, number)
    outputs = render_outputs(issue, formats, attach_pdf=attach_pdf, allow_clipping=allow_clipping)
    # Start writing.
    folder = (out or root.path / "build") / str(number)
    return Built(number, write_all(folder, outputs))
