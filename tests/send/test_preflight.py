"""What `send` says before it starts: placeholder domains, and the plan a terminal confirms."""

from __future__ import annotations

import datetime
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from psgnews.send.preflight import is_placeholder
from synthetic.smtpserver import SmtpServer, configure, write_members
from tests.conftest import Run

SECRET = "a secret for the tests, long enough"
MEMBERS = [
    ("ana@example.org", "Ana", "email", "active"),
    ("bob@example.org", "Bob", "email", "active"),
    ("dan@example.org", "Dan", "email", "bounced"),
]


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        ("news@example.org", True),
        ("news@lists.EXAMPLE.com", True),
        ("https://www.example.net/unsubscribe", True),
        ("http://127.0.0.1:8025/unsubscribe", False),
        ("news@psg.test", True),
        ("news@perusupportgroup.org.uk", False),
        ("news@notexample.org", False),
        ("https://example.org.uk/u", False),
    ],
)
def test_placeholder_domains_are_those_of_rfc_2606(value: str, placeholder: bool) -> None:
    assert is_placeholder(value) is placeholder


def _settings(project: Path, **sender: str) -> None:
    path = project / "psgnews.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["sender"].update(sender)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def test_send_warns_of_each_placeholder_and_sets_mail_from_to_the_bounce_address(
    project: Path, smtp_server: SmtpServer, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(project, smtp_server)
    _settings(project, address="news@perusupport.org.uk", bounces="bounces@perusupport.org.uk")
    monkeypatch.setenv("PSGNEWS_UNSUBSCRIBE_SECRET", SECRET)
    members = write_members(project / "members.csv", MEMBERS)
    result = run("--root", project, "send", "119", "--members", members)
    assert result.exit_code == 0, result.output
    assert "warning: psgnews.yaml: sender.address" not in result.output
    assert (
        "warning: psgnews.yaml: unsubscribe.mailto: unsubscribe@example.org is a placeholder domain (RFC 2606)"
        in result.output
    )
    assert (
        "warning: psgnews.yaml: unsubscribe.url: https://www.example.org/unsubscribe is a placeholder"
        in result.output
    )
    assert {t.sender for t in smtp_server.taken} == {"bounces@perusupport.org.uk"}
    now = datetime.datetime.now(datetime.UTC)
    for taken in smtp_server.taken:  # a sent copy is dated when it is sent, not on the day
        assert abs(taken.parsed()["Date"].datetime - now) < datetime.timedelta(minutes=5)
    assert smtp_server.copies() == {"ana@example.org": 1, "bob@example.org": 1}


def _converse(command: list[str], answer: bytes) -> tuple[int, str]:
    """Run `command` on a terminal, answer its question with `answer`; return code and output."""
    main, side = pty.openpty()
    env = {**os.environ, "PSGNEWS_UNSUBSCRIBE_SECRET": SECRET, "COLUMNS": "200"}
    process = subprocess.Popen(command, stdin=side, stdout=side, stderr=side, env=env)
    os.close(side)
    seen, answered, deadline = b"", False, time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closed: the command ended
                break
            seen += chunk
        if not answered and b"Send now? [y/N]" in seen:
            os.write(main, answer)
            answered = True
        if process.poll() is not None and not ready:
            break
    os.close(main)
    return process.wait(timeout=60), seen.decode(errors="replace")


@pytest.mark.slow
def test_on_a_terminal_send_shows_its_plan_and_asks_first(
    project: Path, smtp_server: SmtpServer
) -> None:
    configure(project, smtp_server)
    members = write_members(project / "members.csv", MEMBERS)
    script = str(Path(sys.executable).with_name("psgnews"))
    command = [script, "--root", str(project), "send", "119", "--members", str(members)]
    code, out = _converse(command, b"n\r")
    assert code == 1 and "Aborted!" in out
    assert (
        "About to send Update 119 to 2 active members (2 email, 0 pdf; skipping 0 unsubscribed, 1 bounced),"
        in out
    )
    assert "from Peru Support Group <news@example.org>, bounces to news@example.org," in out
    assert f"through 127.0.0.1:{smtp_server.port} (tls: none)." in out
    assert not smtp_server.taken
    code, out = _converse(command, b"y\r")
    assert code == 0, out
    assert "Update 119: 2 sent" in out
    assert smtp_server.copies() == {"ana@example.org": 1, "bob@example.org": 1}
    code, out = _converse([*command, "--yes"], b"")
    assert code == 0 and "Send now?" not in out and "2 already sent before" in out
