from __future__ import annotations

from pathlib import Path

from tests.conftest import run_process


def test_build_writes_four_files(project: Path, run) -> None:
    result = run("--root", project, "build", "119", "--format", "email,text,eml")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (project / "build" / "119").iterdir())
    assert names == ["psg-update-119.eml", "psg-update-119.html", "psg-update-119.txt"]


def test_build_unknown_issue_lists_the_issues(project: Path, run) -> None:
    result = run("--root", project, "build", "999")
    assert result.exit_code == 1
    assert "no issue 999 (issues: 117, 118, 119)" in result.output


def test_console_script_builds_in_a_subprocess(project: Path) -> None:
    done = run_process("build", "119", "--format", "text", cwd=project / "issues")
    assert done.returncode == 0, done.stderr
    assert (project / "build" / "119" / "psg-update-119.txt").is_file()
