"""`psgnews send` end to end, against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import email
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from pypdf import PdfReader

from psgnews.send.journal import read_entries
from synthetic.smtpserver import SmtpServer, Taken, configure, many, self_signed, write_members
from tests.conftest import Run, plain_text

SECRET = "a secret for the tests, long enough"
PDF_NAME = "psg-update-119.pdf"
JOURNAL = Path("sent") / "119-send-journal.sqlite"


@pytest.fixture
def sending(
    project: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The sample project pointed at the test server, with a token secret.

    A send builds the PDF its PDF members need (test_sending_pdf.py): no PDF is made here,
    as one made before the smtp: settings changed psgnews.yaml would be built again anyway.
    """
    configure(project, smtp_server)
    monkeypatch.setenv("PSGNEWS_UNSUBSCRIBE_SECRET", SECRET)
    yield project


def parsed(taken: Taken) -> EmailMessage:
    msg = email.message_from_bytes(taken.raw, policy=default)
    assert isinstance(msg, EmailMessage)
    return msg


MIXED = [
    ("ana@example.org", "Ana", "email", "active"),
    ("bob@example.org", "Bob", "pdf", "active"),
    ("carol@example.org", "", "email", "active"),
    ("dan@example.org", "Dan", "email", "unsubscribed"),
    ("eve@example.org", "Eve", "pdf", "unsubscribed"),
    ("fay@example.org", "Fay", "pdf", "active"),
    ("gil@example.org", "Gil", "email", "bounced"),
]


def test_every_active_member_gets_one_copy_in_their_format(
    sending: Path, smtp_server: SmtpServer, run: Run
) -> None:
    members = write_members(sending / "members.csv", MIXED)
    result = run("--root", sending, "send", "119", "--members", members)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "Update 119: 4 sent, 0 failed, 0 unconfirmed, 0 already sent before,"
        " 2 unsubscribed, 1 bounced (skipped)"
    )
    status = run("--root", sending, "send", "119", "--status", "--members", members).output
    assert status.endswith(
        "4 sent, 0 failed, 0 sending, 0 pending, 2 unsubscribed, 1 bounced (skipped)\n"
    )
    assert smtp_server.copies() == {a: 1 for a, _, _, s in MIXED if s == "active"}
    for taken in smtp_server.taken:
        msg = parsed(taken)
        assert not msg.defects and all(not part.defects for part in msg.walk())
        assert msg["To"].addresses[0].addr_spec == taken.recipients[0]
        fmt = next(f for a, _, f, _ in MIXED if a == taken.recipients[0])
        attachments = list(msg.iter_attachments())
        if fmt == "pdf":
            assert msg.get_content_type() == "multipart/mixed"
            (pdf,) = attachments
            assert pdf.get_filename() == PDF_NAME
            assert len(PdfReader(io.BytesIO(pdf.get_content())).pages) >= 1
            assert "attached to this email as a PDF" in plain_text(msg)
        else:
            assert msg.get_content_type() == "multipart/alternative" and not attachments
        assert "token=" in msg["List-Unsubscribe"]
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    again = run("--root", sending, "send", "119", "--members", members)
    assert again.exit_code == 0
    assert again.stdout.startswith(
        "Update 119: 0 sent, 0 failed, 0 unconfirmed, 4 already sent before"
    )
    assert len(smtp_server.taken) == 4


def test_a_550_fails_one_member_reports_it_and_a_later_run_sends_it(
    sending: Path, smtp_server: SmtpServer, run: Run
) -> None:
    members = write_members(sending / "members.csv", many(5))
    smtp_server.script.refuse["m3@example.org"] = "550 5.1.1 <m3@example.org>: no such user"
    result = run("--root", sending, "send", "119", "--members", members)
    assert result.exit_code == 1
    assert "4 sent, 1 failed" in result.output
    assert "failed:\n  m3@example.org: 550 5.1.1 <m3@example.org>: no such user" in result.output
    assert "m3@example.org: refused: 550 5.1.1" in result.output  # shown on stderr as it happened
    status = run("--root", sending, "send", "119", "--status").output
    assert "failed   m3@example.org" in status and status.endswith(
        "4 sent, 1 failed, 0 sending, 0 pending\n"
    )
    del smtp_server.script.refuse["m3@example.org"]
    assert run("--root", sending, "send", "119", "--members", members).exit_code == 0
    assert smtp_server.copies() == {f"m{n}@example.org": 1 for n in range(1, 6)}


def test_a_bad_members_list_sends_nothing_and_names_each_line(
    sending: Path, smtp_server: SmtpServer, run: Run
) -> None:
    members = sending / "members.csv"
    members.write_text(
        "email,name,format,status\nana@example.org,Ana,email,active\nbob@,Bob,email,active\n"
        "ana@example.org,Ana,pdf,active\ncarol@example.org,Carol,paper,active\n",
        encoding="utf-8",
    )
    result = run("--root", sending, "send", "119", "--members", members)
    assert result.exit_code == 1
    assert "members.csv:3: email: 'bob@' is not a valid address" in result.output
    assert (
        "members.csv:4: email: ana@example.org is listed twice (first on line 2)" in result.output
    )
    assert "members.csv:5: format: 'paper' is not one of email, pdf" in result.output
    assert "3 problems in members.csv; nothing was sent." in result.output
    assert not smtp_server.taken and smtp_server.handler.transactions == 0
    assert not (sending / JOURNAL).exists()


def test_a_dry_run_writes_each_copy_to_the_outbox_and_sends_nothing(
    sending: Path, smtp_server: SmtpServer, run: Run
) -> None:
    members = write_members(sending / "members.csv", MIXED)
    result = run("--root", sending, "send", "119", "--members", members, "--dry-run")
    assert result.exit_code == 0, result.output
    outbox = sorted((sending / "build" / "119" / "outbox").iterdir())
    assert [p.name for p in outbox] == [
        "0001-ana@example.org.eml", "0002-bob@example.org.eml",
        "0003-carol@example.org.eml", "0004-fay@example.org.eml",
    ]  # fmt: skip
    for path in outbox:
        msg = email.message_from_bytes(path.read_bytes(), policy=default)
        assert path.name.endswith(f"-{msg['To'].addresses[0].addr_spec}.eml")
    assert not smtp_server.taken and not (sending / JOURNAL).exists()


def test_a_dry_run_never_deletes_through_a_symlinked_outbox(
    sending: Path, smtp_server: SmtpServer, run: Callable[..., Result], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "0001-someone@example.org.eml").write_bytes(b"not psgnews's to delete")
    (elsewhere / "notes.eml").write_bytes(b"nor this")
    (sending / "build" / "119").mkdir(parents=True, exist_ok=True)
    (sending / "build" / "119" / "outbox").symlink_to(elsewhere, target_is_directory=True)
    members = write_members(sending / "members.csv", MIXED)
    result = run("--root", sending, "send", "119", "--members", members, "--dry-run")
    assert result.exit_code == 1
    assert "build/119/outbox is a symbolic link" in result.output
    assert sorted(p.name for p in elsewhere.iterdir()) == [
        "0001-someone@example.org.eml",
        "notes.eml",
    ]
    assert (elsewhere / "notes.eml").read_bytes() == b"nor this"
    assert not smtp_server.taken


def test_test_sends_one_copy_of_each_format_to_one_address(
    sending: Path, smtp_server: SmtpServer, run: Run
) -> None:
    members = write_members(sending / "members.csv", MIXED)
    result = run(
        "--root", sending, "send", "119", "--test", "ana@example.org", "--members", members
    )
    assert result.exit_code == 0, result.output
    assert [parsed(t).get_content_type() for t in smtp_server.taken] == [
        "multipart/alternative",
        "multipart/mixed",
    ]
    assert [t.recipients for t in smtp_server.taken] == [["ana@example.org"]] * 2
    assert all("Dear Ana," in plain_text(parsed(t)) for t in smtp_server.taken)
    assert not (sending / JOURNAL).exists()


def test_a_lost_reply_is_reported_not_resent_until_asked(
    sending: Path, smtp_server: SmtpServer, run: Run
) -> None:
    members = write_members(sending / "members.csv", many(4))
    smtp_server.script.drop_after_data = {2: False}  # the server fails after the whole message came
    result = run("--root", sending, "send", "119", "--members", members)
    assert result.exit_code == 1
    assert "3 sent, 0 failed, 1 unconfirmed" in result.output
    assert "  m2@example.org: connection lost" in result.output
    again = run("--root", sending, "send", "119", "--members", members)
    assert (
        again.exit_code == 1 and "0 sent, 0 failed, 1 unconfirmed, 3 already sent" in again.output
    )
    assert "m2@example.org" not in smtp_server.copies()
    resent = run("--root", sending, "send", "119", "--members", members, "--resend-unconfirmed")
    assert resent.exit_code == 0 and resent.stdout.startswith("Update 119: 1 sent")
    assert smtp_server.copies() == {f"m{n}@example.org": 1 for n in range(1, 5)}


def test_the_pdf_is_built_first_if_missing(
    project: Path, smtp_server: SmtpServer, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(project, smtp_server)
    monkeypatch.setenv("PSGNEWS_UNSUBSCRIBE_SECRET", SECRET)
    members = write_members(project / "members.csv", [("ana@example.org", "Ana", "pdf", "active")])
    assert run("--root", project, "send", "119", "--members", members).exit_code == 0
    assert (project / "build" / "119" / PDF_NAME).is_file()
    (pdf,) = parsed(smtp_server.taken[0]).iter_attachments()
    assert pdf.get_content() == (project / "build" / "119" / PDF_NAME).read_bytes()


def test_sending_needs_its_settings(
    sending: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = write_members(sending / "members.csv", many(1))
    monkeypatch.delenv("PSGNEWS_UNSUBSCRIBE_SECRET")
    result = run("--root", sending, "send", "119", "--members", members)
    assert result.exit_code == 1 and "set PSGNEWS_UNSUBSCRIBE_SECRET" in result.output
    configure(sending, None)
    result = run("--root", sending, "send", "119", "--members", members)
    assert result.exit_code == 1 and "psgnews.yaml has no smtp: settings" in result.output
    assert run("--root", sending, "send", "119").exit_code == 2  # no --members
    bad = run("--root", sending, "send", "119", "--test", "bad@")
    assert bad.exit_code == 2 and "Invalid value for '--test'" in bad.output
    assert (
        run("--root", sending, "send", "119", "--members", members, "--rate", "fast").exit_code == 2
    )


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
def test_tls_and_login_from_the_environment(
    tls: str, sending: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate
    monkeypatch.setenv("PSGNEWS_SMTP_USER", "psg")
    monkeypatch.setenv("PSGNEWS_SMTP_PASSWORD", "right")
    members = write_members(sending / "members.csv", many(2))
    with SmtpServer(tls, cert, login=("psg", "right")) as server:
        configure(sending, server)
        result = run("--root", sending, "send", "119", "--members", members)
        assert result.exit_code == 0, result.output
        assert server.copies() == {"m1@example.org": 1, "m2@example.org": 1}
        monkeypatch.setenv("PSGNEWS_SMTP_PASSWORD", "wrong")
        refused = run("--root", sending, "send", "119", "--test", "ana@example.org")
        assert refused.exit_code == 1 and "refused the login: 535" in refused.output


def _start_300(project: Path) -> tuple[Path, subprocess.Popen[str]]:
    members = write_members(project / "members.csv", many(300))
    return members, _send_process(project, members)


def _send_process(project: Path, members: Path) -> subprocess.Popen[str]:
    script = Path(sys.executable).with_name("psgnews")
    return subprocess.Popen(
        [str(script), "--root", str(project), "send", "119", "--members", str(members)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PSGNEWS_UNSUBSCRIBE_SECRET": SECRET},
    )


@pytest.mark.slow
def test_killed_while_waiting_for_a_reply_then_rerun_sends_each_member_once(
    sending: Path, smtp_server: SmtpServer
) -> None:
    members, sender = _start_300(sending)
    smtp_server.script.kill_after_data = {120: sender.pid}  # SIGKILL before the 120th reply
    sender.communicate(timeout=120)
    assert sender.returncode == -9
    states = [e.state for e in read_entries(sending / JOURNAL, 119).values()]
    assert (states.count("sent"), states.count("sending"), states.count("pending")) == (119, 1, 180)
    rerun = _send_process(sending, members)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 1, err  # the unconfirmed member is reported
    assert out.startswith("Update 119: 180 sent, 0 failed, 1 unconfirmed, 119 already sent before")
    assert "  m120@example.org: an earlier run stopped before the reply" in out
    assert smtp_server.copies() == {f"m{n}@example.org": 1 for n in range(1, 301)}


@pytest.mark.slow
def test_killed_at_any_moment_then_rerun_never_sends_twice_nor_skips_silently(
    sending: Path, smtp_server: SmtpServer
) -> None:
    members, sender = _start_300(sending)
    while len(smtp_server.taken) < 100 and sender.poll() is None:
        time.sleep(0.002)
    sender.kill()
    sender.communicate(timeout=60)
    assert 100 <= len(smtp_server.taken) < 300
    rerun = _send_process(sending, members)
    out, _ = rerun.communicate(timeout=120)
    copies = smtp_server.copies()
    assert max(copies.values()) == 1
    missing = {f"m{n}@example.org" for n in range(1, 301)} - set(copies)
    reported = {line.split(":")[0].strip() for line in out.splitlines() if line.startswith("  ")}
    assert missing <= reported  # a member without a copy is never skipped silently
    assert rerun.returncode == (1 if reported else 0)


def test_bad_smtp_settings_are_located_in_psgnews_yaml(
    sending: Path, smtp_server: SmtpServer, run: Run
) -> None:
    configure(sending, smtp_server, tls="ssl", user_env="SMTP USER")
    result = run("--root", sending, "send", "119", "--status")
    assert result.exit_code == 1
    assert "psgnews.yaml:" in result.output and "smtp.tls: 'ssl' is not allowed" in result.output
    assert "smtp.user_env: 'SMTP USER' is not the name of an environment variable" in result.output


def test_a_project_cannot_choose_which_secrets_leave_the_machine(
    sending: Path, smtp_server: SmtpServer, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A handed-over psgnews.yaml naming any variable would send its value to any host.
    monkeypatch.setenv("SOME_CLOUD_TOKEN", "secret-token")
    configure(sending, smtp_server, user_env="HOME", password_env="SOME_CLOUD_TOKEN")
    config = sending / "psgnews.yaml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["unsubscribe"]["secret_env"] = "AWS_SECRET"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    lines = config.read_text().splitlines()
    result = run("--root", sending, "send", "119", "--test", "me@example.org")
    assert result.exit_code == 1
    for field, name in [
        ("smtp.user_env", "HOME"),
        ("smtp.password_env", "SOME_CLOUD_TOKEN"),
        ("unsubscribe.secret_env", "AWS_SECRET"),
    ]:
        line = next(n for n, text in enumerate(lines, 1) if f": {name}" in text)
        expected = (
            f"psgnews.yaml:{line}:{lines[line - 1].index(name) + 1}: {field}: '{name}' is not "
            "a psgnews variable: name one starting with PSGNEWS_ (a project may not choose "
            "which of your environment's secrets are sent)"
        )
        assert expected in result.output
    assert not smtp_server.copies()


# Runs `psgnews send`, holding it still just after the journal's fsync'd step before the
# final "." of the 3rd copy: the state a kill -9 during that fsync leaves (the step on
# disk, the "." never written), which is where most kills of a sender land.
HOLD_AFTER_FSYNC = """\
import sys, time
from pathlib import Path
from psgnews.send import journal
from psgnews.cli import main

move, held, marker = journal.Journal.move, [], Path(sys.argv.pop(1))

def holding(self, member, state, reply, *, attempt=False):
    move(self, member, state, reply, attempt=attempt)
    if self.db.execute("PRAGMA synchronous").fetchone()[0] == 2:  # FULL: this step was fsync'd
        held.append(member)
        if len(held) == 3:
            marker.write_text(member)
            time.sleep(60)

journal.Journal.move = holding
sys.argv[0] = "psgnews"
main()
"""


@pytest.mark.slow
def test_killed_before_the_final_dot_then_rerun_sends_that_copy_again(
    sending: Path, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    members = write_members(sending / "members.csv", many(5))
    marker = tmp_path / "held"
    sender = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOLD_AFTER_FSYNC,
            str(marker),
            "--root",
            str(sending),
            "send",
            "119",
            "--members",
            str(members),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PSGNEWS_UNSUBSCRIBE_SECRET": SECRET},
    )
    deadline = time.monotonic() + 120
    while not marker.exists() and sender.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), sender.communicate(timeout=60)
    assert marker.read_text() == "m3@example.org"
    sender.kill()
    sender.communicate(timeout=60)
    assert set(smtp_server.copies()) == {"m1@example.org", "m2@example.org"}
    rerun = _send_process(sending, members)
    out, err = rerun.communicate(timeout=120)
    # The final "." of m3's copy was never written: it is sent again, not "unconfirmed".
    assert rerun.returncode == 0, out + err
    assert out.startswith("Update 119: 3 sent, 0 failed, 0 unconfirmed, 2 already sent before")
    assert smtp_server.copies() == {f"m{n}@example.org": 1 for n in range(1, 6)}


def test_deleting_build_never_sends_anyone_a_second_copy(
    sending: Path, smtp_server: SmtpServer, run: Run
) -> None:
    members = write_members(sending / "members.csv", MIXED)
    assert run("--root", sending, "send", "119", "--members", members).exit_code == 0
    shutil.rmtree(sending / "build")
    again = run("--root", sending, "send", "119", "--members", members)
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Update 119: 0 sent, 0 failed, 0 unconfirmed, 4 already sent")
    assert smtp_server.copies() == {a: 1 for a, _, _, s in MIXED if s == "active"}
