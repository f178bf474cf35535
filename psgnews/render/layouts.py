"""Layouts: an ordered search path of template folders fed to one Jinja loader.

`layouts/<name>/` may hold a `layout.yaml` saying `extends: <parent>`; every
layout but `default` extends `default` unless it says otherwise. A template is
taken from the first folder of the chain that has it.

The default layout ships with psgnews, so a project needs no `layouts/` of its
own; a project's `layouts/default/`, when it has one, is used instead.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import markupsafe
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from psgnews.content import dates, yamlread
from psgnews.content.names import is_name
from psgnews.content.readfile import is_regular, passes_link
from psgnews.errors import Problem, RenderError
from psgnews.project import DEFAULT_LAYOUT, layout_folder, shipped_layout
from psgnews.render import footnotes, plaintext, printlinks

DEFAULT = DEFAULT_LAYOUT
_NOT_OWN = "a symbolic link or not a regular file, which psgnews does not follow"


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


@cache
def environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    """Return the Jinja environment searching `dirs` in order (cached per chain).

    Sandboxed: a layout comes with the project, and a project may come from someone
    else; its templates may read the issue, never reach Python (os, files, modules).
    """
    env = SandboxedEnvironment(
        loader=_OwnFiles([str(d) for d in dirs]),
        autoescape=lambda name: name is None or not name.endswith(".txt.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["wrap"] = plaintext.wrap
    env.filters["underline"] = plaintext.underline
    env.filters["link_mark"] = plaintext.link_mark
    env.filters["long_date"] = dates.long_date
    env.filters["css_string"] = css_string
    env.filters["nbsp"] = no_break
    env.filters["print_footnotes"] = footnotes.for_print
    env.filters["print_links"] = printlinks.for_print
    return env


class _OwnFiles(jinja2.FileSystemLoader):
    """Jinja's loader of a layout chain's templates, refusing any that is a link or special file."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:  # the one Jinja would take: the first that has it
            path = Path(folder, *split_template_path(template))
            if os.path.lexists(path):
                if not is_regular(path):
                    raise RenderError(f"template {path} is {_NOT_OWN}")
                break
        return super().get_source(environment, template)


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates; one that cannot be written is just not kept."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return a cache of compiled templates in a per-user temp folder, if one can be had.

    Compiling the templates is most of an email render's time; Jinja checks each
    cached entry against its template's source, so an edited template recompiles.
    """
    try:
        # Named apart from other Jinja caches: code compiled outside the sandbox differs.
        return _QuietBytecodeCache(pattern="__psgnews_sandboxed_%s.cache")
    except (OSError, RuntimeError):  # no private temp folder: compile every time
        return None


def no_break(value: str) -> str:
    """Return `value` with no-break spaces, so it is never split across lines."""
    return value.replace(" ", "\u00a0")


def css_string(value: str) -> markupsafe.Markup:
    """Return `value` as a quoted CSS string, safe inside a <style> element."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return markupsafe.Markup(f'"{escaped}"')


def find_file(dirs: tuple[Path, ...], name: str) -> Path:
    """Return layout file `name` (e.g. fonts/x.woff) from the first of `dirs` that has it."""
    for where in dirs:
        if os.path.lexists(where / name):
            if not is_regular(where / name):
                raise RenderError(f"layout file {where / name} is {_NOT_OWN}")
            return where / name
    searched = ", ".join(str(d) for d in dirs)
    raise RenderError(f"layout file '{name}' not found; looked in: {searched}")


def render(dirs: tuple[Path, ...], template: str, **context: Any) -> str:
    """Render `template` from the first folder of `dirs` that has it."""
    try:
        return environment(dirs).get_template(template).render(**context)
    except jinja2.TemplateNotFound as e:
        searched = ", ".join(str(d) for d in dirs)
        raise RenderError(f"template '{e.name}' not found; looked in: {searched}") from e
    except jinja2.TemplateSyntaxError as e:
        raise RenderError(f"{e.filename}:{e.lineno}: template error: {e.message}") from e
    except jinja2.UndefinedError as e:
        raise RenderError(f"template '{template}': {e.message}") from e
    except SecurityError as e:
        why = "templates may read the issue, not Python's objects"
        raise RenderError(f"template '{template}': {e} ({why})") from e
