"""What the PDF renderer cannot set is refused by `check`, at the line where it stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from psgnews.content import printable
from tests.conftest import Run
from tests.content.test_sandbox import ARTICLE
from tests.render.pdf.test_weasy import make_project


def append_to_body(root: Path, lines: list[str]) -> int:
    """Append `lines` to the test article's body; return the file line of the first."""
    article = root / ARTICLE
    text = article.read_text()
    article.write_text(text + "".join(f"  {line}\n" for line in lines))
    return text.count("\n") + 1


# WeasyPrint met a RecursionError at 150; check's own walks were recursive too, once.
@pytest.mark.parametrize("depth", [200, 5000])
def test_a_body_nested_deeper_than_the_renderer_can_set_is_refused_at_its_line(
    depth: int, tmp_path: Path, run: Run
) -> None:
    root = make_project(tmp_path / "p")
    line = append_to_body(
        root,
        [
            "",
            "The deep quote follows.",
            "",
            "<blockquote>" * depth,
            "",
            "Deepest words.",
            "",
            "</blockquote>" * depth,
        ],
    )
    result = run("--root", root, "check", "5")
    assert result.exit_code == 1
    expected = (
        f"{ARTICLE}:{line + 5}:3: body: nested {printable.MAX_DEPTH + 1} elements deep, "
        f"deeper than the PDF can set (at most {printable.MAX_DEPTH})"
    )
    assert expected in result.output
    assert "internal error" not in result.output


def test_tables_of_more_cells_than_the_renderer_can_set_are_refused_at_their_line(
    tmp_path: Path, run: Run
) -> None:
    root = make_project(tmp_path / "p")
    columns = 40
    rows = printable.MAX_CELLS // columns + 1
    header = "| " + " | ".join(f"c{i}" for i in range(columns)) + " |"
    rule = "|" + "---|" * columns
    row = "| " + " | ".join("x" for _ in range(columns)) + " |"
    line = append_to_body(root, ["", "A table c0 to c39 follows.", "", header, rule, *[row] * rows])
    result = run("--root", root, "check", "5")
    assert result.exit_code == 1
    cells = columns * (rows + 1)
    expected = (
        f"{ARTICLE}:{line + 3}:3: body: its tables hold {cells:,} cells, "
        f"more than the PDF can set (at most {printable.MAX_CELLS:,})"
    )
    assert expected in result.output


def test_ordinary_nesting_and_tables_pass() -> None:
    table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 100
    nested = "> quote\n>\n> > inner\n\n- one\n  - two\n    - three\n"
    assert printable.problems(table + "\n" + nested) == []


def test_a_table_cell_style_the_renderer_rejects_is_refused_at_its_line(
    tmp_path: Path, run: Run
) -> None:
    root = make_project(tmp_path / "p")
    bad = '<table><tr><td style="text-align:url(https://evil.example/x.png)">x</td></tr></table>'
    fine = '<table><tr><td style="text-align: Right">x</td></tr></table>'
    line = append_to_body(root, ["", "A table with text-align follows.", "", fine, "", bad])
    result = run("--root", root, "check", "5")
    assert result.exit_code == 1
    column = bad.index("url(") + 3
    expected = (
        f"{ARTICLE}:{line + 5}:{column}: body: style 'text-align:url(\"https://evil.example/x.png\")'"
        " is not one the PDF can set; write text-align: left, right, center or justify"
    )
    assert expected in result.output
    assert result.output.count(ARTICLE) == 1  # the fine one passes
