"""The delivery engine and relay against a real aiosmtpd server, with simple messages."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import SupportsIndex

import pytest

from psgnews.content.settings import Smtp
from psgnews.core.errors import SmtpError
from psgnews.send.delivery import Clock, Pace, Tally, deliver_all
from psgnews.send.journal import Entry, Journal
from psgnews.send.members import Member
from psgnews.send.relay import Relay
from synthetic.smtpserver import SmtpServer, free_port


def member(number: int) -> Member:
    return Member(f"m{number}@example.org", f"Member {number}", "email", True, number)


def compose(m: Member) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "news@example.org", m.address, "Update"
    msg.set_content(f".a line starting with a dot\nfor {m.name}\n.\n")
    return msg.as_bytes(policy=SMTP)


class FakeClock(Clock):
    """Time that passes only when slept, so pauses are counted, not waited."""

    def __init__(self) -> None:
        self.time = 0.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float | SupportsIndex) -> None:  # time.sleep's, which Clock wraps
        slept = float(seconds)
        self.sleeps.append(round(slept, 6))
        self.time += slept


def run(
    tmp_path: Path,
    port: int,
    members: list[Member],
    clock: Clock | None = None,
    **pace: object,
) -> tuple[Tally, dict[str, Entry]]:
    settings = Smtp(host="127.0.0.1", port=port, tls="none")
    with Journal(tmp_path / "journal.sqlite", 119) as journal:
        journal.enrol((m.key, m.address, m.format, f"<{m.line}@x>") for m in members)
        relay = Relay(settings, "news@example.org")
        tally = deliver_all(members, compose, relay, journal, Pace(**pace), clock)  # type: ignore[arg-type]
        return tally, journal.entries()


def test_each_member_gets_one_message_with_its_bytes_intact(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    members = [member(n) for n in range(1, 21)]
    tally, entries = run(tmp_path, smtp_server.port, members)
    assert smtp_server.copies() == {m.address: 1 for m in members}
    assert {t.recipients[0]: t.raw for t in smtp_server.taken} == {
        m.address: compose(m) for m in members
    }  # leading dots were doubled on the wire and undone by the server
    assert all(e.state == "sent" and e.last_reply.startswith("250") for e in entries.values())
    assert len(tally.sent) == 20


def test_451_then_accepted_after_a_doubling_pause(tmp_path: Path, smtp_server: SmtpServer) -> None:
    smtp_server.script.defer["m2@example.org"] = ["451 4.7.1 greylisted", "452 4.2.2 mailbox full"]
    clock = FakeClock()
    _, entries = run(
        tmp_path, smtp_server.port, [member(1), member(2), member(3)], clock, retry_delay=5
    )
    assert smtp_server.copies() == {"m1@example.org": 1, "m2@example.org": 1, "m3@example.org": 1}
    assert [t.recipients[0] for t in smtp_server.taken] == [
        "m1@example.org",
        "m3@example.org",
        "m2@example.org",
    ]
    assert clock.sleeps == [5.0, 10.0]  # the others went on meanwhile
    assert entries["m2@example.org"].attempts == 3


def test_550_fails_that_member_and_the_run_goes_on(tmp_path: Path, smtp_server: SmtpServer) -> None:
    smtp_server.script.refuse["m2@example.org"] = "550 5.1.1 no such user"
    tally, entries = run(tmp_path, smtp_server.port, [member(1), member(2), member(3)])
    assert smtp_server.copies() == {"m1@example.org": 1, "m3@example.org": 1}
    assert tally.failed == [("m2@example.org", "550 5.1.1 no such user")]
    assert entries["m2@example.org"].state == "failed"
    assert entries["m3@example.org"].state == "sent"


def test_4xx_is_retried_a_bounded_number_of_times(tmp_path: Path, smtp_server: SmtpServer) -> None:
    smtp_server.script.defer["m1@example.org"] = ["451 4.3.0 later"] * 10
    clock = FakeClock()
    tally, entries = run(tmp_path, smtp_server.port, [member(1)], clock, retries=3, retry_delay=1)
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert tally.failed == [("m1@example.org", "451 4.3.0 later")]
    assert entries["m1@example.org"].attempts == 4
    assert not smtp_server.taken


def test_a_dropped_connection_is_reopened_and_nobody_is_missed(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    smtp_server.script.drop_at_mail = {3, 4, 9}
    members = [member(n) for n in range(1, 11)]
    _, entries = run(tmp_path, smtp_server.port, members, FakeClock())
    assert smtp_server.copies() == {m.address: 1 for m in members}
    assert all(e.state == "sent" for e in entries.values())


def test_a_reply_lost_after_the_message_leaves_the_row_sending(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    smtp_server.script.drop_after_data = {2: True, 4: False}  # the 4th is lost by the server too
    members = [member(n) for n in range(1, 6)]
    tally, entries = run(tmp_path, smtp_server.port, members)
    assert [a for a, _ in tally.unconfirmed] == ["m2@example.org", "m4@example.org"]
    assert entries["m2@example.org"].state == "sending"
    assert entries["m2@example.org"].last_reply.startswith("connection lost")
    assert smtp_server.copies() == {f"m{n}@example.org": 1 for n in (1, 2, 3, 5)}


def test_sending_at_a_rate_spaces_the_messages(tmp_path: Path, smtp_server: SmtpServer) -> None:
    clock = FakeClock()
    run(tmp_path, smtp_server.port, [member(n) for n in range(1, 5)], clock, rate=4.0)
    assert len(clock.sleeps) == 3 and all(0.2 < s <= 0.25 for s in clock.sleeps)


def test_an_unreachable_relay_stops_the_run_with_everyone_pending(tmp_path: Path) -> None:
    port = free_port()
    tally, entries = run(tmp_path, port, [member(1), member(2)], retries=2, retry_delay=0.01)
    assert {e.state for e in entries.values()} == {"pending"}
    assert tally.stopped.startswith(f"cannot reach 127.0.0.1:{port}")
    assert tally.not_reached == ["m1@example.org", "m2@example.org"]


def test_a_refused_sender_stops_the_run(tmp_path: Path, smtp_server: SmtpServer) -> None:
    smtp_server.script.mail_reply = "553 5.7.1 sender not allowed"
    tally, entries = run(tmp_path, smtp_server.port, [member(1), member(2)])
    assert "refused the sender news@example.org: 553 5.7.1 sender not allowed" in tally.stopped
    assert {e.state for e in entries.values()} == {"pending"}


def test_a_password_is_never_sent_in_clear_to_another_machine() -> None:
    from psgnews.send.relay import Login

    settings = Smtp(host="smtp.example.org", port=25, tls="none")
    with pytest.raises(SmtpError, match="unencrypted"):
        Relay(settings, "news@example.org", Login("user", "secret"))


def test_a_relay_that_goes_away_mid_run_is_retried_then_the_run_stops(tmp_path: Path) -> None:
    server = SmtpServer().__enter__()
    members = [member(n) for n in range(1, 5)]

    def stopping(m: Member) -> bytes:
        if m.line == 3 and server.controller.loop.is_running():
            server.__exit__()
        return compose(m)

    settings = Smtp(host="127.0.0.1", port=server.port, tls="none")
    clock = FakeClock()
    with Journal(tmp_path / "journal.sqlite", 119) as journal:
        journal.enrol((m.key, m.address, m.format, f"<{m.line}@x>") for m in members)
        relay = Relay(settings, "news@example.org")
        tally = deliver_all(
            members, stopping, relay, journal, Pace(retries=2, retry_delay=1), clock
        )
        states = [e.state for e in journal.entries().values()]
    assert server.copies() == {"m1@example.org": 1, "m2@example.org": 1}
    assert states == ["sent", "sent", "pending", "pending"]
    assert "gave up after 3 tries" in tally.stopped
    assert tally.not_reached == ["m3@example.org", "m4@example.org"]
    assert 1.0 in clock.sleeps and 2.0 in clock.sleeps
