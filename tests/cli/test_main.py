"""The command line's edge: only psgnews/cli knows Click, and it turns errors into exit codes."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import click
from click.testing import Result

from psgnews.cli import cli
from tests.conftest import REPO, run_process

Run = Callable[..., Result]
PACKAGE = REPO / "psgnews"


def imported_modules(path: Path) -> set[str]:
    """Return the top-level names of every module `path` imports, at any depth of its code."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_outside_psgnews_cli_imports_click() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    outside = [p for p in modules if not p.is_relative_to(PACKAGE / "cli")]
    assert outside and len(outside) < len(modules)
    importers = [p.relative_to(REPO) for p in outside if "click" in imported_modules(p)]
    assert importers == []


def test_a_psgnews_error_is_its_message_after_error_and_exit_code_1(
    tmp_path: Path, run: Run
) -> None:
    result = run("--root", tmp_path, "list")
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path.resolve()} has no psgnews.yaml\n"


def test_the_console_script_reports_an_error_the_same_way(tmp_path: Path) -> None:
    done = run_process("--root", tmp_path, "list")
    assert done.returncode == 1
    assert (done.stdout, done.stderr) == ("", f"Error: {tmp_path.resolve()} has no psgnews.yaml\n")


def test_invalid_content_is_listed_under_its_heading(project: Path, run: Run) -> None:
    (project / "issues" / "119" / "issue.yaml").write_text("number: 119\n")
    result = run("--root", project, "check", "119")
    assert result.exit_code == 1
    assert result.output == (
        "Error: invalid content:\n"
        "issues/119/issue.yaml:1:1: date: required field is missing\n"
        "1 problem found; nothing was written.\n"
    )


def test_bad_usage_is_exit_code_2_with_the_usage_line(project: Path, run: Run) -> None:
    result = run("--root", project, "build")
    assert result.exit_code == 2
    assert result.output.startswith("Usage: cli build [OPTIONS] [ISSUES]...\n")
    assert result.output.endswith(
        "Error: name the issues to build (e.g. 119 or 117-119), or give --all\n"
    )


def test_the_command_list_shows_each_command_summary_in_full(run: Run) -> None:
    helped = " ".join(run("--help").output.split())  # a long summary is wrapped
    for name, command in cli.commands.items():
        summary = command.short_help or ""
        assert summary and not summary.endswith("..."), name
        assert f" {name} {summary} " in helped
    assert " build Build issues into build/N/; with --all, the web archive too. " in helped


def test_the_group_holds_every_command() -> None:
    assert isinstance(cli, click.Group)
    assert sorted(cli.commands) == [
        "build",
        "check",
        "extract",
        "import",
        "init",
        "list",
        "members",
        "new",
        "publish",
        "schema",
        "search",
        "send",
        "serve",
        "unsubscribe-server",
    ]
