from __future__ import annotations

import email
from email.policy import default
from pathlib import Path

import pytest

from psgnews import eml, render
from psgnews.errors import HeaderInjectionError
from psgnews.load import load_issue, open_root


def test_eml_parses_back_without_defects(project: Path) -> None:
    issue = load_issue(open_root(project), 119)
    raw = eml.to_bytes(eml.message(issue, render.text(issue), render.email_html(issue)))
    msg = email.message_from_bytes(raw, policy=default)
    assert not msg.defects
    assert msg["Subject"] == "Peru Support Group Update 119 — 31 January 2007"
    assert msg["From"] == "Peru Support Group <news@example.org>"
    assert msg["Date"] == "Wed, 31 Jan 2007 12:00:00 +0000"
    assert msg["Message-ID"] == "<psg-update-119@example.org>"
    assert msg.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert all(not part.defects for part in msg.walk())
    assert "Ojo que Llora" in msg.get_body(("plain",)).get_content()


def test_same_issue_gives_the_same_bytes(project: Path) -> None:
    issue = load_issue(open_root(project), 119)
    first = eml.to_bytes(eml.message(issue, render.text(issue), render.email_html(issue)))
    second = eml.to_bytes(eml.message(issue, render.text(issue), render.email_html(issue)))
    assert first == second


@pytest.mark.parametrize("value", ["a\r\nBcc: x@example.org", "a\nb", "a\rb"])
def test_header_injection_is_refused(value: str) -> None:
    with pytest.raises(HeaderInjectionError):
        eml.safe(value)
