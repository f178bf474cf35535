"""Gmail's clipping limit: warn near 90 KB of HTML, fail over 102 KB unless allowed."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from psgnews.core.errors import EmailTooLargeError
from psgnews.render import budget
from tests.conftest import run_process


def test_small_email_passes_quietly(caplog: pytest.LogCaptureFixture) -> None:
    assert budget.check("x" * 1000, "issue 1") == 1000
    assert not caplog.records


def test_near_the_limit_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="psgnews"):
        budget.check("é" * 46_000, "issue 1")  # 92,000 bytes in UTF-8
    assert "issue 1: the HTML email is 92.0 KB, near Gmail's clipping limit" in caplog.text


def test_over_the_limit_fails_unless_allowed(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(EmailTooLargeError, match="Gmail clips messages over 102 KB"):
        budget.check("x" * 102_001, "issue 1")
    with caplog.at_level(logging.WARNING, logger="psgnews"):
        budget.check("x" * 102_001, "issue 1", allow_clipping=True)
    assert "Gmail will clip it" in caplog.text


def add_long_article(project: Path, paragraphs: int) -> None:
    sentence = "The commission heard testimony from the families of the disappeared. "
    body = "\n\n".join(sentence * 8 for _ in range(paragraphs))
    lines = "\n".join("  " + line for line in body.splitlines())
    article = project / "issues" / "119" / "long-report.yaml"
    article.write_text(
        f"title: A long report\nsection: News\nsummary: Long.\nbody: |\n{lines}\n",
        encoding="utf-8",
    )
    issue = project / "issues" / "119" / "issue.yaml"
    if "long-report" not in issue.read_text():
        issue.write_text(issue.read_text().replace("order:\n", "order:\n  - long-report\n"))


@pytest.mark.slow
def test_build_and_check_warn_then_fail(project: Path) -> None:
    add_long_article(project, 140)  # about 95 KB of HTML
    done = run_process("build", "119", "--format", "email", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "warning: issue 119: the HTML email is" in done.stderr
    assert "near Gmail's clipping limit of 102 KB" in done.stderr

    add_long_article(project, 180)
    previous = (project / "build" / "119" / "psg-update-119.html").read_bytes()
    done = run_process("build", "119", "--format", "email,text,eml", cwd=project)
    assert done.returncode == 1
    assert "issue 119: the HTML email is" in done.stderr
    assert "pass --allow-clipping" in done.stderr and "Traceback" not in done.stderr
    assert (project / "build" / "119" / "psg-update-119.html").read_bytes() == previous
    assert not (project / "build" / "119" / "psg-update-119.txt").exists()

    assert run_process("check", "119", cwd=project).returncode == 1
    allowed = run_process("check", "119", "--allow-clipping", cwd=project)
    assert allowed.returncode == 0 and "Gmail will clip it" in allowed.stderr
    built = run_process("build", "119", "--format", "email", "--allow-clipping", cwd=project)
    assert built.returncode == 0, built.stderr
