"""Layouts: an ordered search path of template folders fed to one Jinja loader.

The chain of an issue's layouts is resolved while loading (`psgnews.content.layouts`);
a template is taken from the first folder of the chain that has it.

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

from psgnews.content import dates
from psgnews.core.errors import RenderError
from psgnews.core.readfile import is_regular, read_regular
from psgnews.render import footnotes, plaintext, printlinks

_NOT_OWN = "a symbolic link or not a regular file, which psgnews does not follow"
# The headline serif the web archive serves and the email links to: SIL's own WOFF2 of
# Charis SIL Bold, unmodified (a subset would be a Modified Version, which the licence's
# Reserved Font Names forbid to call Charis SIL), with the licence that must go with it.
WEB_FONT = "fonts/CharisSIL-Bold.woff2"
WEB_FONT_FILES = (WEB_FONT, "fonts/OFL.txt")


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
    env.globals["web_font"] = WEB_FONT
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


def web_fonts(dirs: tuple[Path, ...]) -> dict[str, bytes]:
    """Return the web font and its licence by path under the web archive, from `dirs`."""
    return {name: read_regular(find_file(dirs, name)) for name in WEB_FONT_FILES}


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
