"""The outputs `psgnews build` can make and the PDF standards it offers.

Plain constants, apart from the modules that make the outputs, so the command
line can offer them without importing any renderer.
"""

from __future__ import annotations

FORMATS = ("pdf", "email", "text", "eml")
PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1", "none")
