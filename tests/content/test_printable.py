"""What the PDF renderer cannot set is refused by `check`, at the line where it stands."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psgnews.content import checks, markup, printable
from psgnews.content.yamlread import Document
from tests.conftest import Run
from tests.content.test_sandbox import ARTICLE
from tests.render.pdf.test_weasy import make_project

# Far above what refusing at the limit takes, far below what quadratic time took (82 s).
GENEROUS = 10


def append_to_body(root: Path, lines: list[str]) -> int:
    """Append `lines` to the test article's body; return the file line of the first."""
    article = root / ARTICLE
    text = article.read_text()
    article.write_text(text + "".join(f"  {line}\n" for line in lines))
    return text.count("\n") + 1


# WeasyPrint met a RecursionError at 150; check's own walks were recursive too, once;
# 40,000 nested <div> took `check` 82 s (parsed whole, in quadratic time), and passed.
@pytest.mark.parametrize(
    ("depth", "tag"), [(200, "blockquote"), (5000, "blockquote"), (40_000, "div")]
)
def test_a_body_nested_deeper_than_the_renderer_can_set_is_refused_at_its_line(
    depth: int, tag: str, tmp_path: Path, run: Run
) -> None:
    root = make_project(tmp_path / "p")
    line = append_to_body(
        root,
        [
            "",
            "The deep quote follows.",
            "",
            f"<{tag}>" * depth,
            "",
            "Deepest words.",
            "",
            f"</{tag}>" * depth,
        ],
    )
    started = time.monotonic()
    result = run("--root", root, "check", "5")
    assert time.monotonic() - started < GENEROUS  # refused as it is parsed: not quadratic
    assert result.exit_code == 1
    expected = (
        f"{ARTICLE}:{line + 3}:3: body: nested {printable.MAX_DEPTH + 1} elements deep, "
        f"deeper than the PDF can set (at most {printable.MAX_DEPTH})"
    )
    assert expected in result.output
    assert "internal error" not in result.output
    built = run("--root", root, "build", "5", "--format", "email")
    assert built.exit_code == 1 and expected in built.output


@settings(max_examples=20, deadline=datetime.timedelta(seconds=GENEROUS * 3))
@given(
    tags=st.lists(
        st.sampled_from(["div", "blockquote", "ul", "li", "b", "span", "table"]), min_size=1
    ),
    depth=st.integers(1, 40_000),
    markdown=st.sampled_from(["{}", "Text {} more", "- {}", "> {}"]),
)
def test_any_nesting_in_a_body_is_checked_or_refused_in_linear_time(
    tags: list[str], depth: int, markdown: str
) -> None:
    html = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth)) + "x"
    doc = Document("a.yaml", text=f"body: |\n  {markdown.format(html)}\n")
    if checks.check_markdown(doc, ("body",), markdown.format(html), None):
        assert markup.to_html(markdown.format(html), "a").tree is not None  # as every output
    else:
        assert len(doc.problems) == 1 and "elements deep" in doc.problems[0].message


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
