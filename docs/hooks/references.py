"""MkDocs hook: render each kind of file's JSON Schema into a table, so the references cannot drift.

A page writes `<!-- fields: settings -->` where the table of every key goes, and
`<!-- sample: settings -->` where a real file of that kind is shown; the kinds are
those of `psgnews schema` (psgnews.content.schemas.KINDS).
"""

from __future__ import annotations

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


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Replace each marker of the page with its table or sample file."""

    def replace(match: re.Match[str]) -> str:
        what, kind = match.groups()
        if kind not in KINDS:
            raise ValueError(f"no kind of file {kind!r}: one of {', '.join(KINDS)}")
        return fields_table(kind) if what == "fields" else sample(kind)

    return MARKER.sub(replace, markdown)


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
    kind = field.get("type")
    if kind == "array":
        return "list of " + _one_type(schema, field.get("items", {}))
    if field.get("format") == "date":
        return "date"
    if "pattern" in field:
        return f"text matching `{field['pattern']}`"
    return {"string": "text", "integer": "whole number", "number": "number"}.get(kind, str(kind))


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
