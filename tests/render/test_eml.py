"""The .eml: parts in the right order, the headers bulk senders need, no header injection."""

from __future__ import annotations

import dataclasses
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

import pytest

from psgnews.content.load import load_issue
from psgnews.content.model import Issue
from psgnews.content.project import open_root
from psgnews.core.errors import RenderError
from psgnews.render import documents, eml
from psgnews.render.recipient import Recipient
from tests.conftest import SAMPLE, Run, plain_text


@pytest.fixture
def issue() -> Issue:
    return load_issue(open_root(SAMPLE), 119)


def parse(data: bytes) -> EmailMessage:
    msg = BytesParser(policy=default).parsebytes(data)
    assert isinstance(msg, EmailMessage)
    for part in msg.walk():
        assert not part.defects, (part.get_content_type(), part.defects)
    return msg


def test_round_trips_as_text_then_html(issue: Issue) -> None:
    msg = parse(eml.to_bytes(eml.compose(issue)))
    assert [p.get_content_type() for p in msg.walk()] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]
    text, html = (part.get_content() for part in msg.iter_parts())
    assert text == documents.text(issue)
    assert html == documents.email_html(issue)


def test_headers(issue: Issue) -> None:
    msg = parse(eml.to_bytes(eml.compose(issue)))
    assert msg["From"] == "Peru Support Group <news@example.org>"
    assert msg["To"] == "members@example.org"
    assert msg["Subject"] == "Peru Support Group Update 119 — 31 January 2007"
    assert msg["Date"] == "Wed, 31 Jan 2007 12:00:00 +0000"
    assert msg["Message-ID"] == "<psg-update-119@example.org>"
    assert msg["List-Unsubscribe"] == (
        "<mailto:unsubscribe@example.org?subject=unsubscribe>, <https://www.example.org/unsubscribe>"
    )
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_non_ascii_subject_is_encoded_on_the_wire(issue: Issue) -> None:
    data = eml.to_bytes(eml.compose(issue))
    head = data.split(b"\n\n", 1)[0]
    assert head.isascii()
    assert b"Subject: Peru Support Group Update 119 =?utf-8?" in head


def test_the_same_copy_makes_the_same_bytes(issue: Issue) -> None:
    assert eml.to_bytes(eml.compose(issue)) == eml.to_bytes(eml.compose(issue))


def test_each_member_gets_their_own_copy(issue: Issue) -> None:
    ana = Recipient(
        "ana@example.org",
        name="Ana Núñez",
        unsubscribe_url="https://www.example.org/u/ana-token",
        unsubscribe_mailto="mailto:unsubscribe@example.org?subject=unsubscribe%20ana-token",
    )
    msg = parse(eml.to_bytes(eml.compose(issue, ana)))
    assert msg["To"] == "Ana Núñez <ana@example.org>"
    assert msg["Message-ID"].startswith("<psg-update-119.") and msg["Message-ID"] != (
        "<psg-update-119@example.org>"
    )
    assert "<https://www.example.org/u/ana-token>" in msg["List-Unsubscribe"]
    assert "Dear Ana Núñez," in plain_text(msg)


def test_without_an_https_link_there_is_no_one_click_header(issue: Issue) -> None:
    mail_only = Recipient("ana@example.org", unsubscribe_mailto="mailto:u@example.org")
    msg = parse(eml.to_bytes(eml.compose(issue, mail_only)))
    assert msg["List-Unsubscribe"] == "<mailto:u@example.org>"
    assert "List-Unsubscribe-Post" not in msg


def test_attached_pdf_variant_is_mixed_with_a_short_note(issue: Issue) -> None:
    pdf = b"%PDF-1.7\n% a stand-in: the real PDF is attached in test_cli\n"
    msg = parse(eml.to_bytes(eml.compose(issue, pdf=pdf)))
    assert [p.get_content_type() for p in msg.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "application/pdf",
    ]
    attachment = next(msg.iter_attachments())
    assert attachment.get_filename() == "psg-update-119.pdf"
    assert attachment.get_content() == pdf
    assert "attached to this email as a PDF" in plain_text(msg)
    assert msg["Message-ID"] == "<psg-update-119.pdf@example.org>"


@pytest.mark.parametrize(
    "recipient",
    [
        Recipient("ana@example.org\r\nBcc: everyone@example.org"),
        Recipient("ana@example.org", name="Ana\nBcc: x@example.org"),
        Recipient("ana@example.org", name="Ana\u0085Bcc: x@example.org"),
        Recipient("ana@example.org", name="Ana\u2028Bcc: x@example.org"),
        Recipient("ana@example.org", name="=?utf-8?q?Ana=0D=0ABcc:_x@example.org?="),
        Recipient("ana@example.org", unsubscribe_url="https://x.org/u\r\nBcc: x@example.org"),
        Recipient("ana@example.org", unsubscribe_mailto="mailto:u@x.org>, <https://evil.example"),
    ],
)
def test_header_injection_is_refused(issue: Issue, recipient: Recipient) -> None:
    with pytest.raises(RenderError, match=r"^refused an"):
        eml.compose(issue, recipient)


def test_an_address_that_is_not_one_is_refused(issue: Issue) -> None:
    with pytest.raises(RenderError, match="not an email address"):
        eml.compose(issue, Recipient("not an address"))


def test_injection_through_the_subject_is_refused(issue: Issue) -> None:
    text, html = documents.text(issue), documents.email_html(issue)
    config = dataclasses.replace(issue.config, publication="PSG\r\nBcc: everyone@example.org")
    bad = dataclasses.replace(issue, config=config)
    with pytest.raises(RenderError, match=r"^refused an email header value with a line break"):
        eml.message(bad, text, html)


def test_build_writes_an_eml_that_parses(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "118", "--format", "eml")
    assert result.exit_code == 0, result.output
    msg = parse((project / "build" / "118" / "psg-update-118.eml").read_bytes())
    assert msg["Subject"] == "Peru Support Group Update 118 — 30 November 2006"
