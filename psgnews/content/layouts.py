"""Which layouts an issue uses: its own and each one's parent, up to `default`.

`layouts/<name>/` may hold a `layout.yaml` saying `extends: <parent>`; every
layout but `default` extends `default` unless it says otherwise. Resolved while
loading (the chain is part of the `Issue`), so it lives here, below the renderers.
"""

from __future__ import annotations

from pathlib import Path

from psgnews.content import yamlread
from psgnews.core.errors import Problem
from psgnews.core.names import is_name
from psgnews.core.paths import DEFAULT_LAYOUT as DEFAULT
from psgnews.core.paths import layout_folder, shipped_layout
from psgnews.core.readfile import passes_link


def chain(root: Path, name: str) -> tuple[list[str], list[Problem]]:
    """Return the layout names from `name` up to `default`, and any problems met.

    Each name is checked before any folder is looked at: a layout is a folder of
    layouts/ (or the shipped default), never a path, and never a link.
    """
    names: list[str] = []
    problems: list[Problem] = []
    current: str | None = name
    while current is not None:
        at = f"layouts/{names[-1]}/layout.yaml" if names else "layouts"
        if not is_name(current):  # the issue's own `layout:` was checked by its schema
            problems.append(Problem(at, 1, 1, "", f"{current!r} is not a layout name"))
            break
        where = layout_folder(root, current)
        if current in names:
            problems.append(
                Problem(f"layouts/{current}", 1, 1, "extends", "layouts extend in a loop")
            )
            break
        if passes_link(where):
            why = f"layouts/{current} is a symbolic link; a layout is a folder of layouts/"
            problems.append(Problem(at, 1, 1, "", why))
            break
        if not where.is_dir():
            known = ", ".join(_names(root))
            found = f"layouts: {known}" if known else f"no folders in {root / 'layouts'}"
            problems.append(Problem(at, 1, 1, "", f"no layout '{current}' ({found})"))
            break
        names.append(current)
        current = _parent(where, current, problems)
    return names, problems


def _names(root: Path) -> list[str]:
    """Return the names of the layouts `root` can use, its own and the shipped default."""
    own = {p.name for p in (root / "layouts").glob("*") if p.is_dir() and not p.is_symlink()}
    return sorted(own | ({DEFAULT} if shipped_layout().is_dir() else set()))


def _parent(where: Path, name: str, problems: list[Problem]) -> str | None:
    settings = where / "layout.yaml"
    if not settings.is_file() and not settings.is_symlink():
        return None if name == DEFAULT else DEFAULT
    doc = yamlread.read(settings, f"layouts/{name}/layout.yaml")
    problems.extend(doc.problems)
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in data:
        if key != "extends":
            problems.append(
                doc.problem((key,), "unknown field; the only field is 'extends'", at_key=True)
            )
    parent = data.get("extends", None if name == DEFAULT else DEFAULT)
    if isinstance(parent, int) and not isinstance(parent, bool):
        parent = str(parent)  # `extends: 2006` names layouts/2006/, as `layout: 2006` does
    if parent is not None and not (isinstance(parent, str) and is_name(parent)):
        shown = f"{parent!r} is not" if isinstance(parent, str) else "expected"
        problems.append(doc.problem(("extends",), f"{shown} a layout name (a folder of layouts/)"))
        return None
    return parent
