"""Layouts: an ordered search path of template folders fed to one Jinja loader.

`layouts/<name>/` may hold a `layout.yaml` saying `extends: <parent>`; every
layout but `default` extends `default` unless it says otherwise. A template is
taken from the first folder of the chain that has it.

The default layout ships with psgnews, so a project needs no `layouts/` of its
own; a project's `layouts/default/`, when it has one, is used instead.
"""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import markupsafe

from psgnews.content import model, yamlread
from psgnews.errors import Problem, RenderError
from psgnews.project import DEFAULT_LAYOUT, layout_folder, shipped_layout
from psgnews.render import footnotes, plaintext, printlinks

DEFAULT = DEFAULT_LAYOUT


def chain(root: Path, name: str) -> tuple[list[str], list[Problem]]:
    """Return the layout names from `name` up to `default`, and any problems met."""
    names: list[str] = []
    problems: list[Problem] = []
    current: str | None = name
    while current is not None:
        where = layout_folder(root, current)
        if current in names:
            problems.append(
                Problem(f"layouts/{current}", 1, 1, "extends", "layouts extend in a loop")
            )
            break
        if not where.is_dir():
            known = ", ".join(_names(root))
            at = f"layouts/{names[-1]}/layout.yaml" if names else "layouts"
            found = f"layouts: {known}" if known else f"no folders in {root / 'layouts'}"
            problems.append(Problem(at, 1, 1, "", f"no layout '{current}' ({found})"))
            break
        names.append(current)
        current = _parent(where, current, problems)
    return names, problems


def _names(root: Path) -> list[str]:
    """Return the names of the layouts `root` can use, its own and the shipped default."""
    own = {p.name for p in (root / "layouts").glob("*") if p.is_dir()}
    return sorted(own | ({DEFAULT} if shipped_layout().is_dir() else set()))


def _parent(where: Path, name: str, problems: list[Problem]) -> str | None:
    settings = where / "layout.yaml"
    if not settings.is_file():
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
    if parent is not None and not isinstance(parent, str):
        problems.append(doc.problem(("extends",), "expected the name of a layout"))
        return None
    return parent


@cache
def environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    """Return the Jinja environment searching `dirs` in order (cached per chain)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
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
    env.filters["long_date"] = model.long_date
    env.filters["css_string"] = css_string
    env.filters["nbsp"] = no_break
    env.filters["print_footnotes"] = footnotes.for_print
    env.filters["print_links"] = printlinks.for_print
    return env


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
        return _QuietBytecodeCache()
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
        if (where / name).is_file():
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
