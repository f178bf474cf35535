"""Tell an old page saved as HTML from one saved as text, and read its bytes as text."""

from __future__ import annotations

from pathlib import Path

from psgnews.content import htmltree
from psgnews.core.errors import ImportFailedError


def is_html(path: Path, raw: bytes) -> bool:
    """Return whether the page at `path` is HTML (by its name or its first character)."""
    return path.suffix.lower() in (".html", ".htm") or raw.lstrip().startswith(b"<")


def decode(raw: bytes, display: str, html: bool) -> tuple[str, str | None]:
    """Return the text of `raw`, and the encoding used when it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        encoding = htmltree.declared_encoding(raw) if html else None
        if encoding and encoding != "utf-8":
            try:
                return raw.decode(encoding), encoding
            except (LookupError, UnicodeDecodeError):
                pass
        line = raw.count(b"\n", 0, e.start) + 1
        raise ImportFailedError(
            f"{display}:{line}: not UTF-8 (byte 0x{raw[e.start]:02x}); "
            "save the page as UTF-8 and import it again"
        ) from e
