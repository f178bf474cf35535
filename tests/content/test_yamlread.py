from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from psgnews.content import yamlread


def parse(text: str) -> yamlread.Document:
    doc = yamlread.Document("x.yaml")
    yamlread.parse_into(doc, text)
    return doc


def test_values_and_their_positions() -> None:
    doc = parse("title: Hello\ndate: 2007-01-31\ntags:\n  - a\n  - b\nn: 3\n")
    assert doc.data == {
        "title": "Hello",
        "date": datetime.date(2007, 1, 31),
        "tags": ["a", "b"],
        "n": 3,
    }
    assert doc.where(("title",)) == (1, 8)
    assert doc.where(("tags", 1)) == (5, 5)
    assert doc.where(("date", yamlread.KEY)) == (2, 1)
    assert doc.where(("nowhere", "deep")) == (1, 1)
    assert not doc.problems


def test_libyaml_is_used() -> None:
    assert vars(yamlread)["Loader"] is yaml.CSafeLoader  # not re-exported: read from the module


def test_impossible_date_is_left_as_text_for_the_schema() -> None:
    assert parse("date: 2007-02-30\n").data == {"date": "2007-02-30"}


def test_more_than_one_document_is_refused() -> None:
    doc = parse("a: 1\n---\nb: 2\n")
    assert [p.message for p in doc.problems] == ["more than one YAML document in the file"]


def test_deep_nesting_is_refused() -> None:
    doc = parse("a: " + "[" * 200 + "]" * 200 + "\n")
    assert "nested deeper than" in doc.problems[0].message


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: x\n")
    assert yamlread.read(path, "bom.yaml").data == {"title": "x"}
