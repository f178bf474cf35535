"""Build an issue: gather and check everything, render every output, then write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psgnews import eml, render
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


def render_outputs(issue: Issue, formats: Iterable[str], fonts: Any = None) -> dict[str, bytes]:
    """Return each requested output's file name and bytes; nothing is written.

    `fonts` is a font configuration from `pdf.font_configuration()`, reused across issues.
    """
    wanted = set(formats)
    outputs: dict[str, bytes] = {}
    name = issue.basename
    if wanted & {"email", "text", "eml"}:
        html, text = render.email_html(issue), render.text(issue)
        if "email" in wanted:
            outputs[f"{name}.html"] = html.encode()
        if "text" in wanted:
            outputs[f"{name}.txt"] = text.encode()
        if "eml" in wanted:
            outputs[f"{name}.eml"] = eml.to_bytes(eml.message(issue, text, html))
    if "pdf" in wanted:
        from psgnews import pdf  # WeasyPrint is imported only when a PDF is asked for

        outputs[f"{name}.pdf"] = pdf.render(issue, render.print_html(issue), fonts)
    return dict(sorted(outputs.items()))


def build_issue(
    root: Root,
    number: int,
    formats: Iterable[str] = FORMATS,
    out: Path | None = None,
    fonts: Any = None,
) -> Built:
    """Build issue `number` into `<out>/<number>/` (default `<root>/build/`)."""
    # Gather all data and render in memory: a failure here writes nothing.
    issue = load_issue(root, number)
    outputs = render_outputs(issue, formats, fonts)
    # Start writing.
    folder = (out or root.path / "build") / str(number)
    return Built(number, write_all(folder, outputs))
