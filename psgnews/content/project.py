"""The project: its root folder (the one holding psgnews.yaml), its paths and its checked settings.

Its files and folders are named in `psgnews.core.paths`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from psgnews.content.settings import Config
from psgnews.core import cache, digests, fingerprint
from psgnews.core.errors import ContentError, Problem, ProjectError
from psgnews.core.paths import CONFIG, ISSUE, OUTPUT, is_number, root_folder


@dataclass(frozen=True)
class Root:
    """A project root: the folder holding psgnews.yaml, and its checked settings."""

    path: Path
    config: Config

    @property
    def issues(self) -> Path:
        """Return the folder of the issues, issues/."""
        return self.path / "issues"

    @property
    def output(self) -> Path:
        """Return the folder the outputs go to unless told otherwise, build/."""
        return self.path / OUTPUT

    def issue_folder(self, number: int) -> Path:
        """Return issue `number`'s folder, issues/<number>/."""
        return self.issues / str(number)

    def issue_numbers(self) -> list[int]:
        """Return the numbers of every issue folder, in ascending order."""
        folders = self.issues.glob("*/")
        return sorted(int(p.name) for p in folders if is_number(p.name) and (p / ISSUE).is_file())

    def require_issues(self, numbers: Iterable[int], remedy: str = "") -> None:
        """Raise ProjectError naming the issues of `numbers` the project does not have."""
        known = self.issue_numbers()
        missing = [n for n in numbers if n not in known]
        if missing:
            listing = ", ".join(map(str, known)) or "none"
            message = f"no issue {', '.join(map(str, missing))} (issues: {listing})"
            raise ProjectError(f"{message}; {remedy}" if remedy else message)


def open_root(path: Path | None = None) -> Root:
    """Return the root at `path` (or found upward of the working folder), its settings checked."""
    folder = root_folder(path)
    digests.use(folder)  # files read before, unchanged since, are not read again
    key = " ".join([*fingerprint.versions(), fingerprint.file_digest(folder / CONFIG)])
    config = cache.recall(folder, "config", key)
    if not isinstance(config, Config):
        from psgnews.content import yamlread  # here: settings kept in the cache need no YAML
        from psgnews.content.schema import validate

        doc = yamlread.read(folder / CONFIG, CONFIG)
        config = validate(Config, doc)
        if config is None or doc.problems:
            raise ContentError(doc.problems)
        cache.keep(folder, "config", key, config)
    return Root(folder, config)


def stray_folders(root: Root) -> list[Problem]:
    """Return a problem for each folder of issues/ that no command would ever read.

    An issue lives in `issues/<number>/` with its issue.yaml; folders whose names
    start with `_` or `.` hold other things (standing pieces, briefings, series items).
    """
    problems = []
    for folder in sorted(p for p in root.issues.glob("*/") if p.is_dir()):
        shown = f"issues/{folder.name}/"
        if folder.name.startswith(("_", ".")):
            continue
        if not is_number(folder.name):
            why = "is not an issue folder: name it by the issue's number, e.g. issues/120/"
            problems.append(Problem(shown, 1, 1, "", f"{why} (or start the name with _)"))
        elif not (folder / ISSUE).is_file():
            start = f"psgnews new {int(folder.name)} --date YYYY-MM-DD"
            problems.append(
                Problem(shown, 1, 1, "", f"has no {ISSUE}; start the issue with {start}")
            )
    return problems
