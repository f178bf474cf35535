"""The PDF a send attaches is never older than the email beside it: a stale one is built again."""

from __future__ import annotations

import email
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from psgnews.cli import cli
from synthetic.smtpserver import SmtpServer, configure, write_members
from tests.conftest import copy_project

Run = Callable[..., Result]
SECRET = "a secret for the tests, long enough"
ARTICLE = Path("issues") / "119" / "69-congresspersons-vote-to-support-trc.yaml"
OLD_TITLE = "69 Congresspersons vote to support TRC Recommendations"
NEW_TITLE = "Congress backs the Truth Commission"
PDF = Path("build") / "119" / "psg-update-119.pdf"
MEMBERS = [
    ("ana@example.org", "Ana", "pdf", "active"),
    ("bob@example.org", "Bob", "email", "active"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project after `psgnews build 119`, built once for the module."""
    project = copy_project(tmp_path_factory.mktemp("built"))
    result = CliRunner().invoke(cli, ["--root", str(project), "build", "119"])
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built project (its build record too), with the unsubscribe tokens' secret."""
    monkeypatch.setenv("PSGNEWS_UNSUBSCRIBE_SECRET", SECRET)
    return Path(shutil.copytree(built, tmp_path / "project"))


def retitle(project: Path) -> None:
    """Give the second article of Update 119 a new title, as an editor would after a build."""
    path = project / ARTICLE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"title: {OLD_TITLE}", f"title: {NEW_TITLE}"), encoding="utf-8")


def message(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=default)
    assert isinstance(msg, EmailMessage)
    return msg


def attached_text(msg: EmailMessage) -> str:
    """Return the text of the PDF attached to `msg`, its whitespace made single spaces."""
    (pdf,) = msg.iter_attachments()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)
    return " ".join(text.split())


def outbox(project: Path, address: str) -> EmailMessage:
    """Return the copy for `address` that a dry run wrote to build/119/outbox/."""
    (path,) = (project / "build" / "119" / "outbox").glob(f"*-{address}.eml")
    return message(path.read_bytes())


def test_a_dry_run_after_a_title_changed_attaches_a_pdf_with_the_new_title(
    project: Path, run: Run
) -> None:
    retitle(project)
    members = write_members(project / "members.csv", MEMBERS)
    result = run("--root", project, "send", "119", "--members", members, "--dry-run")
    assert result.exit_code == 0, result.output
    text_part = outbox(project, "bob@example.org").get_body(("plain",))
    assert text_part is not None and NEW_TITLE in text_part.get_content()
    pdf_text = attached_text(outbox(project, "ana@example.org"))
    assert NEW_TITLE in pdf_text and OLD_TITLE not in pdf_text


def test_an_up_to_date_pdf_is_attached_without_being_built_again(project: Path, run: Run) -> None:
    before = (project / PDF).stat()
    members = write_members(project / "members.csv", MEMBERS)
    result = run("--root", project, "send", "119", "--members", members, "--dry-run")
    assert result.exit_code == 0, result.output
    after = (project / PDF).stat()
    # Every build writes a new file and moves it into place: the same inode is the same file.
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    (pdf,) = outbox(project, "ana@example.org").iter_attachments()
    assert pdf.get_content() == (project / PDF).read_bytes()
    assert OLD_TITLE in attached_text(outbox(project, "ana@example.org"))


def test_a_test_send_after_a_title_changed_attaches_a_pdf_with_the_new_title(
    project: Path, smtp_server: SmtpServer, run: Run
) -> None:
    configure(project, smtp_server)
    retitle(project)
    result = run("--root", project, "send", "119", "--test", "ana@example.org")
    assert result.exit_code == 0, result.output
    copies = [message(taken.raw) for taken in smtp_server.taken]
    (note,) = [m for m in copies if m.get_content_type() == "multipart/mixed"]
    pdf_text = attached_text(note)
    assert NEW_TITLE in pdf_text and OLD_TITLE not in pdf_text


def test_a_stale_pdf_that_cannot_be_built_again_stops_the_send_naming_the_issue(
    project: Path, smtp_server: SmtpServer, run: Run
) -> None:
    configure(project, smtp_server)
    retitle(project)
    with (project / "layouts" / "default" / "print.css").open("a", encoding="utf-8") as css:
        css.write("\np { colour: red; }\n")  # the PDF renderer refuses what it would ignore
    old_pdf = (project / PDF).read_bytes()
    members = write_members(project / "members.csv", MEMBERS)
    result = run("--root", project, "send", "119", "--members", members)
    assert result.exit_code == 1
    assert "issue 119:" in result.output and "nothing was sent" in result.output
    assert "Ignored `colour: red`" in result.output
    assert not smtp_server.taken
    assert not (project / "sent").exists()
    assert (project / PDF).read_bytes() == old_pdf


def test_a_pdf_in_build_that_is_a_link_is_never_mailed(project: Path, run: Run) -> None:
    secret = project / "secret.txt"
    secret.write_text("a file outside the output folder\n")
    (project / PDF).unlink()
    (project / PDF).symlink_to(secret)
    record = project / "build" / ".psgnews" / "119.json"  # claims the link's target as the PDF
    found = json.loads(record.read_bytes())
    found["outputs"][PDF.name] = hashlib.sha256(secret.read_bytes()).hexdigest()
    record.write_text(json.dumps(found))
    members = write_members(project / "members.csv", MEMBERS)
    result = run("--root", project, "send", "119", "--members", members, "--dry-run")
    assert result.exit_code == 1
    assert "is a symbolic link" in result.output and "nothing was sent" in result.output
    assert not list((project / "build" / "119").glob("outbox/*.eml"))
