"""JSON Schemas of each kind of file, from the models that check them, for editors and the docs."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from psgnews.content.schema import ArticleSpec, IssueSpec, SeriesItemSpec, StandingSpec
from psgnews.content.settings import Config
from psgnews.core.write import write_all

# Each kind of file: its model, where it lives, and what the schema's title says.
KINDS: dict[str, tuple[type[Any], str]] = {
    "settings": (Config, "psgnews.yaml"),
    "issue": (IssueSpec, "issues/<N>/issue.yaml"),
    "article": (ArticleSpec, "issues/<N>/<name>.yaml"),
    "standing": (StandingSpec, "issues/_standing/<name>.yaml"),
    "briefing": (ArticleSpec, "issues/_briefings/<YYYY-MM-DD>-<name>.yaml"),
    "series": (SeriesItemSpec, "issues/_series/<series>/<NNN>-<name>.yaml"),
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of one kind of file (a key of KINDS)."""
    from pydantic import TypeAdapter

    model, where = KINDS[kind]
    schema = copy.deepcopy(TypeAdapter(model).json_schema())
    if kind == "briefing":  # an article with a day of its own and no picture
        schema["required"] = sorted({*schema.get("required", []), "date"})
        del schema["properties"]["image"]
    schema["title"] = where
    return {"$schema": DIALECT, **schema}


def file_name(kind: str) -> str:
    """Return the file name of a kind's schema, e.g. article.schema.json."""
    return f"{kind}.schema.json"


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's JSON Schema into `folder`, returning the files written."""
    files = {
        file_name(kind): (
            json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
        ).encode()
        for kind in KINDS
    }
    return write_all(folder, files)
