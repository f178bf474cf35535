"""The tests' sample project never reads the repository's own issues/ or psgnews.yaml."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import SAMPLE, Run

TESTS = Path(__file__).resolve().parent


def repository_content_reads(source: str) -> list[str]:
    """Return the `REPO / "issues"` and `REPO / "psgnews.yaml"` expressions in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Div)
            and isinstance(node.left, ast.Name)
            and node.left.id == "REPO"
            and isinstance(node.right, ast.Constant)
            and str(node.right.value).split("/")[0] in {"issues", "psgnews.yaml"}
        ):
            found.append(ast.unparse(node))
    return found


def test_no_test_reads_the_repositorys_issues_or_settings() -> None:
    offenders = {
        str(path.relative_to(TESTS)): reads
        for path in sorted(TESTS.rglob("*.py"))
        if (reads := repository_content_reads(path.read_text(encoding="utf-8")))
    }
    assert not offenders, f"tests reading the repository's own content: {offenders}"


def test_the_check_catches_a_read_of_the_repositorys_issues() -> None:
    assert repository_content_reads('x = REPO / "issues" / "119"') == ["REPO / 'issues'"]


def test_the_sample_is_a_whole_project_that_checks(run: Run) -> None:
    result = run("--root", SAMPLE, "check")
    assert result.exit_code == 0, result.output
    assert not (SAMPLE / "build").exists()
