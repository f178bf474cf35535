"""What the commands share: the ISSUE argument, the project root and how paths are shown."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # each command imports the library when it runs: --version loads none of it
    from psgnews.content.project import Root


class IssueList(click.ParamType):  # type: ignore[type-arg]
    """Issue numbers: `119`, or a range `117-119`."""

    name = "ISSUE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> list[int]:
        text = str(value)
        first, _, last = text.partition("-")
        if not _digits(first) or (last and not _digits(last)):
            self.fail(f"{text!r} is not an issue number or a range like 117-119", param, ctx)
        low, high = int(first), int(last or first)
        if high < low:
            self.fail(f"the range {text!r} runs backwards", param, ctx)
        return list(range(low, high + 1))


class ExistingFile(click.Path):
    """A file (or, given `dir_okay`, a folder) that must exist; a misspelt name is answered
    with the closest name beside it."""

    def __init__(self, *, dir_okay: bool = False) -> None:
        super().__init__(dir_okay=dir_okay, exists=True, path_type=Path)

    def convert(
        self,
        value: str | os.PathLike[str],
        param: click.Parameter | None,
        ctx: click.Context | None,
    ) -> str | bytes | os.PathLike[str]:
        from psgnews.core.names import did_you_mean

        path = Path(str(value))
        missing = not path.exists() and not path.is_symlink() and path.parent.is_dir()
        beside = [p.name for p in path.parent.iterdir()] if missing else []
        if hint := did_you_mean(path.name, beside):
            self.fail(f"file {str(value)!r} does not exist; {hint}", param, ctx)
        return super().convert(value, param, ctx)


class Day(click.ParamType):  # type: ignore[type-arg]
    """A day written as YYYY-MM-DD; any other way of writing one is refused in words."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date:
        from psgnews.content.dates import refusal

        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(refusal(value), param, ctx)


def numbers_of(issues: list[list[int]]) -> list[int]:
    """Return the issue numbers that ISSUES arguments (each a number or a range) name, once each."""
    return sorted({n for group in issues for n in group})


def project(ctx: click.Context) -> Root:
    """Return the project root given by --root, or found upward of the working folder."""
    from psgnews.content.project import open_root

    return open_root(ctx.obj["root"])


def shown(path: Path) -> str:
    """Return `path` as the user reads it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
