"""The project: its root folder (the one holding psgnews.yaml), its paths and its checked settings.

psgnews.yaml            the settings (`Config`)
issues/<N>/issue.yaml   issue N, beside one YAML file per article
issues/_standing/       the pieces printed at the end of every issue
issues/_briefings/      dated items of the old listings that belong to no issue
issues/_series/<s>/     items of another numbered series of the old listings (Peru News 065)
layouts/<name>/         the templates
build/                  the outputs (`psgnews build --out` puts them elsewhere)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from psgnews.build import fingerprint
from psgnews.content import cache, yamlread
from psgnews.content.names import is_name
from psgnews.content.schema import Config, validate
from psgnews.errors import ContentError, Problem, ProjectError

CONFIG = "psgnews.yaml"
DEFAULT_LAYOUT = "default"
_CODE = Path(__file__).resolve().parent  # the psgnews package
ISSUE = "issue.yaml"
STANDING = "_standing"
BRIEFINGS = "_briefings"
SERIES = "_series"


@dataclass(frozen=True)
class Root:
    """A project root: the folder holding psgnews.yaml, and its checked settings."""

    path: Path
    config: Config

    @property
    def issues(self) -> Path:
        """Return the folder of the issues, issues/."""
        return self.path / "issues"

    def issue_folder(self, number: int) -> Path:
        """Return issue `number`'s folder, issues/<number>/."""
        return self.issues / str(number)

    def issue_numbers(self) -> list[int]:
        """Return the numbers of every issue folder, in ascending order."""
        folders = self.issues.glob("*/")
        return sorted(int(p.name) for p in folders if p.name.isdigit() and (p / ISSUE).is_file())

    def require_issues(self, numbers: Iterable[int], remedy: str = "") -> None:
        """Raise ProjectError naming the issues of `numbers` the project does not have."""
        known = self.issue_numbers()
        missing = [n for n in numbers if n not in known]
        if missing:
            listing = ", ".join(map(str, known)) or "none"
            message = f"no issue {', '.join(map(str, missing))} (issues: {listing})"
            raise ProjectError(f"{message}; {remedy}" if remedy else message)


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


def open_root(path: Path | None = None) -> Root:
    """Return the root at `path` (or found upward of the working folder), its settings checked."""
    folder = find_root(Path.cwd()) if path is None else path.resolve()
    if not (folder / CONFIG).is_file():
        raise ProjectError(f"{folder} has no {CONFIG}")
    key = " ".join([*fingerprint.versions(), fingerprint.file_digest(folder / CONFIG)])
    config = cache.recall(folder, "config", key)
    if not isinstance(config, Config):
        doc = yamlread.read(folder / CONFIG, CONFIG)
        config = validate(Config, doc)
        if config is None or doc.problems:
            raise ContentError(doc.problems)
        cache.keep(folder, "config", key, config)
    return Root(folder, config)


def stray_folders(root: Root) -> list[Problem]:
    """Return a problem for each folder of issues/ that no command would ever read.

    An issue lives in `issues/<number>/` with its issue.yaml; folders whose names
    start with `_` or `.` hold other things (standing pieces, briefings).
    """
    problems = []
    for folder in sorted(p for p in root.issues.glob("*/") if p.is_dir()):
        shown = f"issues/{folder.name}/"
        if folder.name.startswith(("_", ".")):
            continue
        if not folder.name.isdigit():
            why = "is not an issue folder: name it by the issue's number, e.g. issues/120/"
            problems.append(Problem(shown, 1, 1, "", f"{why} (or start the name with _)"))
        elif not (folder / ISSUE).is_file():
            start = f"psgnews new {int(folder.name)} --date YYYY-MM-DD"
            problems.append(
                Problem(shown, 1, 1, "", f"has no {ISSUE}; start the issue with {start}")
            )
    return problems
