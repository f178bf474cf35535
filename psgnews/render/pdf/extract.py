"""Recover from a psgnews PDF the source files attached to it, as a root `psgnews build` accepts."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from psgnews.build.write import write_folder
from psgnews.errors import ExtractError
from psgnews.project import CONFIG

# The only paths a PDF may put files at: settings, issue files and their images.
_ALLOWED = re.compile(r"psgnews\.yaml|issues/(\d+|_standing)/[A-Za-z0-9._/-]+")


def attachments(pdf: Path) -> dict[str, bytes]:
    """Return the files attached to `pdf`, by name."""
    from pypdf import PdfReader

    # pypdf logs what it repairs; a file it cannot read becomes our one error message.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        found = PdfReader(pdf).attachments
        files = {name: data[0] for name, data in found.items() if data}
        if not all(isinstance(n, str) and isinstance(d, bytes) for n, d in files.items()):
            raise TypeError("an attachment that is not a named file")
    # pypdf trusts the file's structure: a crafted one fails it in every way (AttributeError,
    # TypeError, RecursionError, ...), and each is this PDF's fault, not a bug of psgnews.
    except Exception as e:
        raise ExtractError(f"{pdf}: not a readable PDF ({_one_line(e)})") from e
    finally:
        logger.setLevel(level)
    if CONFIG not in files:
        raise ExtractError(f"{pdf}: carries no psgnews sources (no {CONFIG} attached)")
    for name in files:
        _check_name(pdf, name)
    return files


def extract(pdf: Path, target: Path, layouts: Path) -> list[Path]:
    """Write `pdf`'s sources, with a copy of `layouts` if any, as a new project root `target`."""
    files = attachments(pdf)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExtractError(f"{target} exists and is not empty; extract writes only a new folder")
    # A project without layouts/ uses the default layout psgnews ships, as the new root will.
    copy_layouts = layouts.is_dir()
    if copy_layouts and target.resolve().is_relative_to(layouts.resolve()):
        raise ExtractError(f"{target} is inside the layouts it would copy ({layouts})")
    names = _files(layouts) if copy_layouts else []
    copies = {f"layouts/{name}": (layouts / name).read_bytes() for name in names}
    write_folder(target, dict(sorted(files.items())) | copies)
    return [target / name for name in sorted(files)]


def _one_line(error: Exception) -> str:
    """Return what `error` says, on one line and cut short."""
    said = " ".join(str(error).split()) or type(error).__name__
    return said if len(said) <= 200 else said[:200] + "…"


def _files(folder: Path) -> list[str]:
    """Return the path under `folder` of every file below it, links followed (as a copy does)."""
    found: list[str] = []
    for parent, _, names in os.walk(folder, followlinks=True):
        found += [(Path(parent) / name).relative_to(folder).as_posix() for name in names]
    return sorted(found)


def _check_name(pdf: Path, name: str) -> None:
    parts = name.split("/")
    if not _ALLOWED.fullmatch(name) or {"", ".", ".."} & set(parts):
        raise ExtractError(f"{pdf}: refusing attached file {name!r}: not a psgnews source path")
