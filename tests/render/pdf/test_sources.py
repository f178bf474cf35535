"""The PDF carries the issue's sources, but not the relay members' copies are sent through."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from psgnews.content.model import Issue
from psgnews.render import documents
from psgnews.render.pdf.printjob import PrintJob
from psgnews.render.pdf.sources import RELAY_LEFT_OUT, without_relay
from tests.conftest import Run


@pytest.mark.parametrize(
    ("settings", "shown"),
    [
        (b"a: 1\nsmtp:\n  host: mail.example.org\n\n  port: 587\nb: 2\n", b"a: 1\n%sb: 2\n"),
        (b"a: 1\nsmtp: {host: mail.example.org, port: 587}\n# b:\nb: 2\n", b"a: 1\n%s# b:\nb: 2\n"),
        (b"a: 1\nsmtp:\n  host: mail.example.org", b"a: 1\n%s"),
        (b"a: 1\nsmtp_like: 2\n", b"a: 1\nsmtp_like: 2\n"),
    ],
)
def test_the_settings_copy_leaves_out_the_smtp_block_only(settings: bytes, shown: bytes) -> None:
    expected = shown.replace(b"%s", RELAY_LEFT_OUT) if b"%s" in shown else shown
    assert without_relay(settings) == expected
    assert without_relay(expected) == expected  # an extracted copy builds the same PDF


@pytest.mark.slow
def test_the_pdf_names_no_relay(project: Path, run: Run) -> None:
    assert b"smtp:" in (project / "psgnews.yaml").read_bytes()
    assert run("--root", project, "build", "119", "--format", "pdf").exit_code == 0
    reader = PdfReader(project / "build" / "119" / "psg-update-119.pdf")
    [settings] = reader.attachments["psgnews.yaml"]
    assert b"host:" not in settings and b"port: 1025" not in settings
    assert RELAY_LEFT_OUT in settings
    assert b"web_base_url: https://www.example.org/updates/" in settings


ARTICLE = "issues/119/setbacks-for-reparations-process-debate.yaml"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A private file outside the project."""
    path = tmp_path / "id_rsa"
    path.write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----\n")
    return path


def _swap_for_a_link(project: Path, secret: Path) -> None:
    """Replace the article by a link to `secret`, as someone writing to the project could."""
    (project / ARTICLE).unlink()
    (project / ARTICLE).symlink_to(secret)


@pytest.mark.slow
def test_a_source_swapped_for_a_link_after_the_job_is_made_is_not_attached(
    project: Path, run: Run, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = (project / ARTICLE).read_bytes()
    made = PrintJob.of.__func__  # type: ignore[attr-defined]

    def of_then_swap(cls: type[PrintJob], *args: Any, **kwargs: Any) -> PrintJob:
        job: PrintJob = made(cls, *args, **kwargs)
        _swap_for_a_link(project, secret)  # between loading and the PDF's attachments
        return job

    monkeypatch.setattr(PrintJob, "of", classmethod(of_then_swap))
    assert run("--root", project, "build", "119", "--format", "pdf").exit_code == 0
    reader = PdfReader(project / "build" / "119" / "psg-update-119.pdf")
    assert reader.attachments[ARTICLE] == [checked]
    assert all(b"PRIVATE KEY" not in data for [data] in reader.attachments.values())


@pytest.mark.slow
def test_a_source_swapped_for_a_link_after_loading_stops_the_pdf(
    project: Path, run: Run, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = documents.print_html

    def swap_then_html(issue: Issue) -> str:
        _swap_for_a_link(project, secret)  # loaded and checked; the PDF not yet made
        return made(issue)

    monkeypatch.setattr(documents, "print_html", swap_then_html)
    result = run("--root", project, "build", "119", "--format", "pdf")
    assert result.exit_code == 1
    assert f"{ARTICLE}: is a symbolic link" in result.output
    assert not (project / "build" / "119" / "psg-update-119.pdf").exists()
