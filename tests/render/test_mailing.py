"""The email family of outputs, built together and checked against Gmail's size limit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from psgnews.content.load import load_issue
from psgnews.content.project import open_root
from psgnews.render import documents, mailing
from tests.conftest import SAMPLE


def test_outputs_are_only_those_asked_for() -> None:
    issue = load_issue(open_root(SAMPLE), 119)
    assert sorted(mailing.outputs(issue, ["text"])) == ["psg-update-119.txt"]
    both = mailing.outputs(issue, ["email", "eml"], pdf=b"%PDF-1.7\n")
    assert sorted(both) == ["psg-update-119-pdf.eml", "psg-update-119.eml", "psg-update-119.html"]


def test_check_size_returns_the_html_bytes() -> None:
    issue = load_issue(open_root(SAMPLE), 117)
    assert mailing.check_size(issue, SAMPLE) == len(documents.email_html(issue).encode("utf-8"))


@pytest.mark.slow
def test_an_email_only_build_never_imports_weasyprint(project: Path) -> None:
    command = [sys.executable, "-X", "importtime", "-m", "psgnews", "--root", str(project)]
    command += ["build", "119", "--format", "email,text,eml"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "psgnews.render.eml" in done.stderr  # the import report is there
    assert "weasyprint" not in done.stderr
