"""MkDocs hook: render each kind of file's JSON Schema into a table, so the references cannot drift.

A page writes `<!-- fields: settings -->` where the table of every key goes, and
`<!-- sample: settings -->` where a real file of that kind is shown; the kinds are
those of `psgnews schema` (psgnews.content.schemas.KINDS).

After each page is rendered, the hook checks the generated references are whole:
the command-line page names every command and every option of the Click commands,
and each kind's page every key of its schema. A strict build fails otherwise.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import yaml

from psgnews.content.schemas import KINDS, json_schema

ROOT = Path(__file__).resolve().parents[2]
# A real file of each kind: the sample's, or a test fixture's where the sample has none.
SAMPLES = {
    "settings": "psgnews.yaml",
    "issue": "issues/119/issue.yaml",
    "article": "issues/119/setbacks-for-reparations-process-debate.yaml",
    "standing": "issues/_standing/psg-aims.yaml",
    "briefing": "issues/_briefings/2006-07-31-us-peruvian-free-trade-agreement.yaml",
    "series": "tests/fixtures/news/issues/_series/peru-news/065-mining-protests.yaml",
}
MARKER = re.compile(r"<!-- (fields|sample): ([a-z]+) -->")
# The page that holds each generated reference, by its source file under docs/.
CLI_PAGE = "reference/cli.md"
KIND_PAGES: dict[str, str] = {}
CHECKED: set[str] = set()  # the references found whole: "cli" and each kind


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Replace each marker of the page with its table or sample file."""
    for what, kind in MARKER.findall(markdown):
        if what == "fields":
            KIND_PAGES[kind] = page.file.src_uri
    return MARKER.sub(_replace, markdown)


def on_post_page(output: str, page: Any, **_: Any) -> str:
    """Fail the build when a generated reference page leaves out a command, option or key."""
    wanted = {"cli": _cli_names()} if page.file.src_uri == CLI_PAGE else {}
    for kind, uri in KIND_PAGES.items():
        if uri == page.file.src_uri:
            schema = json_schema(kind)
            wanted[kind] = [key for key, *_ in _fields(schema, schema, "", {})]
    text = html.unescape(output)
    for reference, names in wanted.items():
        missing = [name for name in names if f"{name}<" not in text and f"{name} " not in text]
        if missing:
            raise ValueError(f"{page.file.src_uri} does not name: {', '.join(missing)}")
        CHECKED.add(reference)
    return output


def on_post_build(**_: Any) -> None:
    """Fail the build when a reference has no page at all."""
    absent = sorted({"cli", *KINDS} - CHECKED)
    if absent:
        raise ValueError(f"no reference page for: {', '.join(absent)}")


def _cli_names() -> list[str]:
    """Return every command's full name and every option of every command."""
    import click

    from psgnews.cli import cli

    names: list[str] = []

    def walk(command: click.Command, prefix: str) -> None:
        names.append(prefix)
        names.extend(o for p in command.params for o in p.opts if o.startswith("-"))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{prefix} {name}")

    walk(cli, "psgnews")
    return names


def _replace(match: re.Match[str]) -> str:
    """Return the table or sample file a marker stands for."""
    what, kind = match.groups()
    if kind not in KINDS:
        raise ValueError(f"no kind of file {kind!r}: one of {', '.join(KINDS)}")
    return fields_table(kind) if what == "fields" else sample(kind)


def fields_table(kind: str) -> str:
    """Return a Markdown table of every key of `kind`: type, default, example, description."""
    schema = json_schema(kind)
    example = yaml.safe_load((ROOT / SAMPLES[kind]).read_text(encoding="utf-8")) or {}
    rows = ["| key | type | default | example | what it is |", "|---|---|---|---|---|"]
    for key, field, required, value in _fields(schema, schema, "", example):
        default = "*required*" if required else _code(field.get("default"))
        if value is None and "examples" in field:
            value = field["examples"][0]
        inner = _object(schema, field) or {}
        text = field.get("description") or inner.get("description", "")
        text = text.replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{key}` | {_type(schema, field)} | {default} | {_code(value)} | {text} |")
    return "\n".join(rows) + "\n"


def sample(kind: str) -> str:
    """Return the sample file of `kind` as a fenced block, titled with its path."""
    text = (ROOT / SAMPLES[kind]).read_text(encoding="utf-8").rstrip()
    return f'```yaml title="{SAMPLES[kind]}"\n{text}\n```\n'


def _fields(schema: dict[str, Any], node: dict[str, Any], prefix: str, example: Any) -> Any:
    """Yield (dotted key, field schema, required, example value) for every key, nested ones too."""
    required = set(node.get("required", ()))
    for name, field in node.get("properties", {}).items():
        value = example.get(name) if isinstance(example, dict) else None
        yield prefix + name, field, name in required, value
        inner = _object(schema, field)
        if inner is not None:
            yield from _fields(schema, inner, f"{prefix}{name}.", value)


def _object(schema: dict[str, Any], field: dict[str, Any]) -> dict[str, Any] | None:
    """Return the object schema a field refers to (directly or as one of anyOf), if any."""
    for option in [field, *field.get("anyOf", ())]:
        if "$ref" in option:
            found: dict[str, Any] = schema["$defs"][option["$ref"].rsplit("/", 1)[1]]
            return found
    return None


def _type(schema: dict[str, Any], field: dict[str, Any]) -> str:
    """Return a field's type as a reader says it: text, number, a list of text, one of ..."""
    options = [f for f in field.get("anyOf", [field]) if f.get("type") != "null"]
    words = [_one_type(schema, f) for f in options]
    optional = len(options) < len(field.get("anyOf", [field]))
    return " or ".join(words) + (" (or nothing)" if optional else "")


def _one_type(schema: dict[str, Any], field: dict[str, Any]) -> str:
    if "$ref" in field:
        return "mapping (below)"
    if "enum" in field:
        return "one of " + ", ".join(f"`{v}`" for v in field["enum"])
    kind = str(field.get("type"))
    if kind == "array":
        return "list of " + _one_type(schema, field.get("items", {}))
    if field.get("format") == "date":
        return "date"
    if "pattern" in field:
        return f"text matching `{field['pattern']}`"
    return {"string": "text", "integer": "whole number", "number": "number"}.get(kind, kind)


def _code(value: Any) -> str:
    """Return a value as inline code, as YAML would write it; long text cut short."""
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, dict):
        return "*(below)*"
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    text = " ".join(str(text).split())
    text = text if len(text) <= 40 else text[:39] + "…"
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`"
