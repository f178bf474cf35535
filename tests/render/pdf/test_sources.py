"""The PDF carries the issue's sources, but not the relay members' copies are sent through."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

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
