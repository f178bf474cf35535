"""The shapes of the YAML files: what each field takes, and what it is made into."""

from __future__ import annotations

import unicodedata

import pytest

from psgnews.content.schema import ArticleSpec, IssueSpec, validate
from psgnews.content.yamlread import Document, parse_into


def checked(kind: type[ArticleSpec] | type[IssueSpec], text: str) -> tuple[object, Document]:
    doc = Document("a.yaml")
    parse_into(doc, text)
    return validate(kind, doc), doc


def test_a_tag_typed_decomposed_is_the_same_tag() -> None:
    composed, decomposed = "Perú", unicodedata.normalize("NFD", "Perú")
    assert composed != decomposed
    spec, _ = checked(
        ArticleSpec, f"title: T\nsection: News\nsummary: S\ntags: [{composed}, {decomposed}]\n"
    )
    assert isinstance(spec, ArticleSpec) and spec.tags == (composed, composed)


@pytest.mark.parametrize("number", ["200.0", '"200"', "true"])
def test_a_number_is_a_whole_number_only(number: str) -> None:
    spec, doc = checked(IssueSpec, f"number: {number}\ndate: 2007-01-31\norder: [a]\n")
    assert spec is None
    assert [p.message for p in doc.problems] == [
        f"expected a whole number, got {doc.data['number']!r}"
    ]


@pytest.mark.parametrize("line_break", ["\u2028", "\u2029"])  # YAML refuses the others
def test_a_one_line_field_refuses_every_line_break(line_break: str) -> None:
    spec, doc = checked(
        IssueSpec, f'number: 1\ndate: 2007-01-31\norder: [a]\nsubject: "a{line_break}b"\n'
    )
    assert spec is None and "must be a single line" in doc.problems[0].message
