"""The names of a project's files and folders, and where its layouts are.

psgnews.yaml            the settings (`psgnews.content.project.Root.config`)
issues/<N>/issue.yaml   issue N, beside one YAML file per article
issues/_standing/       the pieces printed at the end of every issue
issues/_briefings/      dated items of the old listings that belong to no issue (images/: theirs)
issues/_series/<name>/  the numbered items of another series (Peru News), one folder per series
layouts/<name>/         the templates
build/                  the outputs (`psgnews build --out` puts them elsewhere): safe to delete
sent/                   the send journals, one per issue: the record of who was sent what (keep it)
"""

from __future__ import annotations

import functools
from pathlib import Path

from psgnews.core.errors import ProjectError
from psgnews.core.names import is_name

CONFIG = "psgnews.yaml"
ISSUE = "issue.yaml"
STANDING = "_standing"
BRIEFINGS = "_briefings"
SERIES = "_series"
IMAGES = "images"  # the images of an issue's, the briefings' or a series' files
OUTPUT = "build"
SENT = "sent"  # never below OUTPUT: deleting build/ must not mail anyone a second copy
DEFAULT_LAYOUT = "default"
SCHEMAS = "schemas"  # `psgnews schema` writes here; files `psgnews new` makes point at it
_CODE = Path(__file__).resolve().parent.parent  # the psgnews package


@functools.cache
def shipped_layout() -> Path:
    """Return the default layout psgnews ships.

    In a wheel it is psgnews/layouts/default (see pyproject.toml); run from a source
    checkout, it is the checkout's own layouts/default.
    """
    packaged = _CODE / "layouts" / DEFAULT_LAYOUT
    return packaged if packaged.is_dir() else _CODE.parent / "layouts" / DEFAULT_LAYOUT


def layout_folder(root: Path, name: str) -> Path:
    """Return the folder of layout `name`: the project's, or the shipped one for `default`.

    `name` must be a name, never a path: it is checked before any folder is looked at.
    """
    if not is_name(name):
        raise ProjectError(f"{name!r} is not a layout name (a folder of layouts/)")
    own = root / "layouts" / name
    return shipped_layout() if name == DEFAULT_LAYOUT and not own.is_dir() else own


def find_root(start: Path) -> Path:
    """Return the nearest folder upward of `start` holding psgnews.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise ProjectError(f"no {CONFIG} in {start} or any folder above it (use --root)")


def root_folder(path: Path | None) -> Path:
    """Return the project folder `path`, or if None the nearest upward: one holding psgnews.yaml."""
    folder = find_root(Path.cwd()) if path is None else path.resolve()
    if not (folder / CONFIG).is_file():
        raise ProjectError(f"{folder} has no {CONFIG}")
    return folder


def is_number(name: str) -> bool:
    """Return whether `name` names an issue folder: ASCII digits, no leading zero ("²" is not)."""
    return name.isascii() and name.isdigit() and not name.startswith("0")
