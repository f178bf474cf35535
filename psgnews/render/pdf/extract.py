"""Recover from a psgnews PDF the source files attached to it, as a root `psgnews build` accepts.

The PDF may come from anyone, so only the names a psgnews root holds are
written (settings, issue and standing YAML, an issue's images: no dot-folders
such as `.git/`, no other kinds of file), and no more than a psgnews issue
carries: each file, the whole and the number of files are limited, and each
attachment is decompressed only up to its limit, never whole first.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import EmbeddedFile

from psgnews.content import yamlread
from psgnews.content.yamlread import MAX_BYTES as MAX_YAML_BYTES
from psgnews.core.errors import ExtractError, UnreadableFileError
from psgnews.core.names import is_name
from psgnews.core.paths import CONFIG
from psgnews.core.readfile import read_regular
from psgnews.core.write import write_folder
from psgnews.render.pdf.sources import MIME_TYPES

MAX_FILES = 1_000  # an issue carries a few dozen: its YAML files and images
MAX_FILE_BYTES = 64 * 1024 * 1024  # an image; a YAML file, what psgnews would read of it
MAX_TOTAL_BYTES = 256 * 1024 * 1024
IMAGES = frozenset(suffix for suffix in MIME_TYPES if suffix != ".yaml")
# A file or folder name among an issue's images: no leading dot (.git, .envrc) or dash.
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,254}")
_ISSUE = re.compile(r"issues/\d+/(.+)")
# The filters pypdf decompresses with a limit on what they make (pypdf.Configuration).
_FILTERS = ("zlib", "lzw", "run_length", "jbig2", "brotli", "array_based_stream")


def attachments(pdf: Path) -> dict[str, bytes]:
    """Return the files attached to `pdf`, by name; refuse a name or a size no issue has."""
    # pypdf logs what it repairs; a file it cannot read becomes our one error message.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return _read(pdf, PdfReader(pdf))
    except ExtractError:
        raise
    except LimitReachedError as e:  # in the PDF's own structure, before any attachment
        raise ExtractError(f"{pdf}: refused: {e}") from e
    # pypdf trusts the file's structure: a crafted one fails it in every way (AttributeError,
    # TypeError, RecursionError, ...), and each is this PDF's fault, not a bug of psgnews.
    except Exception as e:
        raise ExtractError(f"{pdf}: not a readable PDF ({_one_line(e)})") from e
    finally:
        logger.setLevel(level)


def extract(pdf: Path, target: Path, layouts: Path) -> list[Path]:
    """Write `pdf`'s sources, with a copy of `layouts` if any, as a new project root `target`."""
    files = attachments(pdf)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExtractError(f"{target} exists and is not empty; extract writes only a new folder")
    # A project without layouts/ uses the default layout psgnews ships, as the new root will.
    copy_layouts = layouts.is_dir()
    if copy_layouts and target.resolve().is_relative_to(layouts.resolve()):
        raise ExtractError(f"{target} is inside the layouts it would copy ({layouts})")
    copies = _layouts(layouts) if copy_layouts else {}
    write_folder(target, dict(sorted(files.items())) | copies)
    return [target / name for name in sorted(files)]


def _one_line(error: Exception) -> str:
    """Return what `error` says, on one line and cut short."""
    said = " ".join(str(error).split()) or type(error).__name__
    return said if len(said) <= 200 else said[:200] + "…"


def _layouts(folder: Path) -> dict[str, bytes]:
    """Return every file below `folder` by its name under `layouts/`, read as the renderer would.

    A link that stays inside `folder` is copied as its target's bytes; one that leads out
    of it (a layout never may: the renderer refuses it) is refused, never followed.
    """
    inside = folder.resolve()
    copies: dict[str, bytes] = {}
    for parent, _, names in os.walk(folder, followlinks=True):
        for name in names:
            path = Path(parent) / name
            real = path.resolve()
            if not real.is_relative_to(inside):
                why = "links outside the layouts; extract copies no such file"
                raise ExtractError(f"{path}: {why}")
            try:
                data = read_regular(real, MAX_FILE_BYTES)
            except (OSError, UnreadableFileError) as e:
                raise ExtractError(f"{path}: cannot be copied ({e})") from e
            copies[f"layouts/{path.relative_to(folder).as_posix()}"] = data
    return dict(sorted(copies.items()))


def _read(pdf: Path, reader: PdfReader) -> dict[str, bytes]:
    """Return the first attachment of each name, every name checked before any is decompressed."""
    entries: dict[str, EmbeddedFile] = {}
    for entry in reader.attachment_list:
        entries.setdefault(entry.name, entry)
        if len(entries) > MAX_FILES:
            many = f"carries over {MAX_FILES} files; psgnews extracts at most {MAX_FILES}"
            raise ExtractError(f"{pdf}: {many}")
    if CONFIG not in entries:
        raise ExtractError(f"{pdf}: carries no psgnews sources (no {CONFIG} attached)")
    for name in entries:
        _check_name(pdf, name)
    files: dict[str, bytes] = {}
    left = MAX_TOTAL_BYTES
    for name, entry in sorted(entries.items()):
        limit = MAX_YAML_BYTES if name.endswith(".yaml") else MAX_FILE_BYTES
        data = _content(entry, min(limit, left))
        if data is None:
            over = f"over {_size(limit)}" if limit <= left else _over_total()
            raise ExtractError(f"{pdf}: refusing attached file {name!r}: {over}")
        files[name] = data
        left -= len(data)
    _check_settings(pdf, files[CONFIG])
    return files


def _check_settings(pdf: Path, settings: bytes) -> None:
    """Refuse settings naming an SMTP relay: a psgnews PDF leaves it out (`sources.without_relay`).

    `send` from the recovered root would log in to that relay with the Group's login.
    """
    doc = yamlread.Document(CONFIG)
    yamlread.parse_into(doc, settings.decode("utf-8-sig", errors="replace"))
    if isinstance(doc.data, dict) and "smtp" in doc.data:
        line = doc.where(("smtp", yamlread.KEY))[0]
        why = "which a psgnews PDF never carries; the relay is set in your own psgnews.yaml"
        raise ExtractError(
            f"{pdf}: refusing attached {CONFIG}: it names an smtp: relay (line {line}), {why}"
        )


def _content(entry: EmbeddedFile, allowed: int) -> bytes | None:
    """Return the bytes of `entry`, or None if over `allowed` (decompressed no further)."""
    caps = {f"{kind}_maximum_output_length": allowed + 1 for kind in _FILTERS}
    try:
        with apply_configuration(None, **caps):
            data = bytes(entry.content)
    except LimitReachedError:
        return None
    return data if len(data) <= allowed else None


def _over_total() -> str:
    return f"the files are over {_size(MAX_TOTAL_BYTES)} in all; psgnews extracts no more"


def _check_name(pdf: Path, name: str) -> None:
    """Refuse `name` unless it is a path a psgnews root holds (see `_is_source`)."""
    if not _is_source(name):
        raise ExtractError(f"{pdf}: refusing attached file {name!r}: not a psgnews source path")


def _is_source(name: str) -> bool:
    """Return whether `name` is psgnews.yaml, an issue's or standing piece's YAML, or an image."""
    if name == CONFIG:
        return True
    if name.startswith("issues/_standing/"):
        stem = name.removeprefix("issues/_standing/").removesuffix(".yaml")
        return name.endswith(".yaml") and is_name(stem)
    if (issue := _ISSUE.fullmatch(name)) is None:
        return False
    parts = issue.group(1).split("/")
    if len(parts) == 1 and parts[0].endswith(".yaml"):
        return parts[0] == "issue.yaml" or is_name(parts[0].removesuffix(".yaml"))
    return Path(parts[-1]).suffix.lower() in IMAGES and all(_PART.fullmatch(part) for part in parts)


def _size(limit: int) -> str:
    return f"{limit // 1024} KiB" if limit <= 1024 * 1024 else f"{limit // 1024 // 1024} MiB"
