from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from psgnews.content.schemas import KINDS, file_name, json_schema
from tests.conftest import REPO, Run

# The sample's files of each kind (the sample has no series item: a fixture's stands in).
SAMPLES = {
    "settings": ["psgnews.yaml"],
    "issue": [f"issues/{n}/issue.yaml" for n in (117, 118, 119)],
    "article": [
        str(p.relative_to(REPO))
        for n in (117, 118, 119)
        for p in sorted((REPO / f"issues/{n}").glob("*.yaml"))
        if p.name != "issue.yaml"
    ],
    "standing": [str(p.relative_to(REPO)) for p in sorted(REPO.glob("issues/_standing/*.yaml"))],
    "briefing": [str(p.relative_to(REPO)) for p in sorted(REPO.glob("issues/_briefings/*.yaml"))],
    "series": [
        str(p.relative_to(REPO))
        for p in sorted(REPO.glob("tests/fixtures/news/issues/_series/*/*.yaml"))
    ],
}


def as_the_language_server_reads(path: Path) -> Any:
    """Return a YAML file's data as YAML 1.2 sees it: a date is text, as editors' servers read it."""

    def plain(value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json_schema(kind)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_samples_files_pass_their_schema(kind: str) -> None:
    assert SAMPLES[kind], f"no sample file of {kind}"
    check = validator(kind)
    for name in SAMPLES[kind]:
        errors = [e.message for e in check.iter_errors(as_the_language_server_reads(REPO / name))]
        assert errors == [], name


@pytest.mark.parametrize(
    ("kind", "change", "expected"),
    [
        ("settings", {"sections": "News"}, "is not of type 'array'"),
        ("settings", {"smtp": {"host": "x", "port": "587", "tls": "none"}}, "is not valid under"),
        ("issue", {"number": "one hundred"}, "is not of type 'integer'"),
        ("issue", {"date": "31st Jan"}, "does not match"),
        ("article", {"titel": "A misspelt key"}, "Additional properties"),
        ("article", {"lang": "fr"}, "is not one of"),
        ("standing", {"body": ["a", "list"]}, "is not of type 'string'"),
        ("series", {"number": -3}, "less than or equal to the minimum"),
    ],
)
def test_a_wrong_type_fails_the_schema(kind: str, change: dict[str, Any], expected: str) -> None:
    data = as_the_language_server_reads(REPO / SAMPLES[kind][0]) | change
    errors = [e.message for e in validator(kind).iter_errors(data)]
    assert any(expected in e for e in errors), errors


def test_a_briefing_needs_its_day_and_has_no_image() -> None:
    data = as_the_language_server_reads(REPO / SAMPLES["briefing"][0])
    check = validator("briefing")
    assert not check.is_valid({k: v for k, v in data.items() if k != "date"})
    assert not check.is_valid(data | {"image": {"src": "images/x.jpg", "alt": "x"}})


def test_every_field_has_a_description() -> None:
    for kind in KINDS:
        schema = json_schema(kind)
        for node in [schema, *schema.get("$defs", {}).values()]:
            for key, field in node.get("properties", {}).items():
                if "$ref" in field:  # a mapping: described by its own definition
                    field = schema["$defs"][field["$ref"].rsplit("/", 1)[1]]
                assert field.get("description"), f"{kind}: {key}"


def test_schema_writes_one_file_per_kind(project: Path, run: Run) -> None:
    result = run("--root", project, "schema")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (project / "schemas").iterdir())
    assert written == sorted(file_name(kind) for kind in KINDS)
    on_disk = json.loads((project / "schemas" / "issue.schema.json").read_text())
    assert on_disk == json_schema("issue")
    assert run("schema", project / "elsewhere").exit_code == 0
    assert (project / "elsewhere" / "article.schema.json").is_file()


def test_new_files_name_their_schema_and_still_load(project: Path, run: Run) -> None:
    assert run("--root", project, "new", "120", "--date", "2007-03-31").exit_code == 0
    assert run("--root", project, "new", "120", "--article", "Mining").exit_code == 0
    assert run("--root", project, "schema").exit_code == 0
    for name, kind in (("issue.yaml", "issue"), ("mining.yaml", "article")):
        path = project / "issues" / "120" / name
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file()
        assert validator(kind).is_valid(as_the_language_server_reads(path))
    result = run("--root", project, "check", "120")
    assert result.exit_code == 0, result.output
