"""The project root: found upward, its settings checked, and one check of the issues it has."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from psgnews.content.project import open_root
from psgnews.core.errors import ProjectError
from psgnews.core.paths import find_root
from tests.conftest import SAMPLE

Run = Callable[..., Result]
MISSING = "Error: no issue 999 (issues: 117, 118, 119)"


def test_the_root_is_found_upward_of_a_folder_inside_it(project: Path) -> None:
    assert find_root(project / "issues" / "119") == project.resolve()


def test_no_root_upward_is_an_error_naming_the_option(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match=r"no psgnews.yaml in .* or any folder above it"):
        find_root(tmp_path)
    with pytest.raises(ProjectError, match=r"has no psgnews.yaml$"):
        open_root(tmp_path)


def test_require_issues_names_the_missing_ones_and_the_known(project: Path) -> None:
    root = open_root(project)
    root.require_issues([117, 119])
    with pytest.raises(ProjectError) as caught:
        root.require_issues([5, 119, 999])
    assert str(caught.value) == "no issue 5, 999 (issues: 117, 118, 119)"


def test_require_issues_adds_the_remedy_and_says_none_when_empty(tmp_path: Path) -> None:
    (tmp_path / "psgnews.yaml").write_bytes((SAMPLE / "psgnews.yaml").read_bytes())
    with pytest.raises(ProjectError) as caught:
        open_root(tmp_path).require_issues([120], "create it first")
    assert str(caught.value) == "no issue 120 (issues: none); create it first"


@pytest.mark.parametrize(
    "command",
    [
        ["build", "999"],
        ["build", "119", "999"],
        ["check", "999"],
        ["send", "999", "--members", "members.csv"],
        ["send", "999", "--members", "members.csv", "--dry-run"],
        ["send", "999", "--test", "me@example.org"],
        ["send", "999", "--status"],
    ],
)
def test_every_command_that_takes_an_issue_names_a_missing_one(
    project: Path, run: Run, command: list[str]
) -> None:
    (project / "members.csv").write_text("email,name,format,status\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        result = run(*command)
    assert result.exit_code == 1
    assert result.output == MISSING + "\n"


def test_new_article_names_a_missing_issue_and_how_to_start_it(project: Path, run: Run) -> None:
    result = run("--root", project, "new", "999", "--article", "A title")
    assert result.exit_code == 1
    assert result.output == f"{MISSING}; create it first with: psgnews new 999 --date ...\n"
