"""Briefings are checked like articles, with a date that matches their file name."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result

from tests.conftest import SAMPLE, Run

BRIEFING = "issues/_briefings/2006-07-31-us-peruvian-free-trade-agreement.yaml"


def test_the_sample_briefing_is_checked(run: Run) -> None:
    result: Result = run("--root", SAMPLE, "check")
    assert result.exit_code == 0, result.output
    assert "ok: 1 briefing (issues/_briefings/)" in result.output


def test_bad_briefings_are_located(project: Path, run: Run) -> None:
    path = project / BRIEFING
    path.write_text(path.read_text(encoding="utf-8").replace("2006-07-31", "2006-07-30"))
    (project / "issues" / "_briefings" / "notes.txt").write_text("x")
    undated = project / "issues" / "_briefings" / "2006-08-01-undated.yaml"
    undated.write_text("title: T\nsection: Nws\nsummary: S.\n")
    result: Result = run("--root", project, "check")
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == ["ok: 3 issues, 9 articles", "Error: invalid content:"]
    assert result.output.splitlines()[2:6] == [
        "issues/_briefings/2006-07-31-us-peruvian-free-trade-agreement.yaml:3:7: date:"
        " says 2006-07-30 but the file name says 2006-07-31",
        "issues/_briefings/2006-08-01-undated.yaml:1:1: date: required in a briefing"
        " (it has no issue to take the date from)",
        "issues/_briefings/2006-08-01-undated.yaml:2:10: section: 'Nws' is not a section of"
        " psgnews.yaml; did you mean 'News'?",
        "issues/_briefings/notes.txt:1:1: not a briefing file name: write YYYY-MM-DD-name.yaml",
    ]


def test_checking_named_issues_skips_briefings(project: Path, run: Run) -> None:
    (project / BRIEFING).write_text("nonsense: [\n")
    assert run("--root", project, "check", "119").exit_code == 0
