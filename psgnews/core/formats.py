"""The outputs `psgnews build` can make and the PDF standards it offers.

Plain constants, apart from the modules that make the outputs, so the command
line can offer them without importing any renderer.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMATS = ("pdf", "email", "text", "eml")
PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1", "none")


def needs_pdf(formats: Iterable[str], attach_pdf: bool) -> bool:
    """Return whether a build of `formats` makes a PDF: asked for, or attached to an email."""
    return "pdf" in formats or attach_pdf
