"""YAML syntax errors name their usual cause, say how to fix it, and show the line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from psgnews.content import yamlread
from tests.conftest import FIXTURES, Run


def problems(text: str) -> list[str]:
    doc = yamlread.Document("x.yaml")
    yamlread.parse_into(doc, text)
    return [str(p) for p in doc.problems]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: Half: done\nsection: News\n",
            'x.yaml:1:8: malformed YAML: a value holding ": " must be in quotes:'
            ' write title: "Half: done" (the line: title: Half: done)',
        ),
        (
            "title: x\nimage:\n\tsrc: a.jpg\n",
            "x.yaml:3:1: malformed YAML: a tab: YAML indents with spaces;"
            " replace the tab with spaces (the line: src: a.jpg)",
        ),
        (
            "title:Half\nsection: News\n",
            "x.yaml:1:7: malformed YAML: no space after the colon: write title: Half"
            " (the line: title:Half)",
        ),
        (
            "title: x\nsection:News\nsummary: s\n",
            "x.yaml:2:9: malformed YAML: no space after the colon: write section: News"
            " (the line: section:News)",
        ),
        (
            'title: "Half done\nsection: News\n',
            'x.yaml:1:8: malformed YAML: the quote " opened here is never closed:'
            ' end the value with " (the line: title: "Half done)',
        ),
        (
            'title: "Half" done\nsection: News\n',
            "x.yaml:1:15: malformed YAML: text after the closing quote: put the whole value"
            ' in quotes (the line: title: "Half" done)',
        ),
        (
            "title: x\n  section: News\n",
            "x.yaml:2:1: malformed YAML: this line is indented more than the one above:"
            " line its key up with theirs (the line: section: News)",
        ),
    ],
    ids=[
        "colon-in-value",
        "tab",
        "no-space",
        "no-space-later",
        "unclosed-quote",
        "after-quote",
        "indent",
    ],
)
def test_a_syntax_error_names_its_cause_and_fix(text: str, message: str) -> None:
    assert problems(text) == [message]


def test_a_body_line_with_a_colon_is_not_taken_for_a_missing_space() -> None:
    text = "title: x\nbody: |\n  see:this\nlink: https://a.b/c: d\n"
    (problem,) = problems(text)
    assert problem.startswith('x.yaml:4:7: malformed YAML: a value holding ": " must be in quotes')


def test_an_error_without_a_usual_cause_keeps_yamls_words() -> None:
    (problem,) = problems("tags: [a, b\ntitle: x\n")
    assert problem.startswith("x.yaml:") and "malformed YAML: " in problem
    assert "quotes" not in problem and "tab" not in problem


def test_check_shows_the_fix_for_an_unquoted_title(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "_base", root)
    (root / "issues/1/first.yaml").write_text(
        "title: Lima: a city\nsection: News\nsummary: S.\n", encoding="utf-8"
    )
    result = run("--root", root, "check", "1")
    assert result.exit_code == 1
    assert (
        'issues/1/first.yaml:1:8: malformed YAML: a value holding ": " must be in quotes:'
        ' write title: "Lima: a city"'
    ) in result.output
