"""`psgnews members sync`: the endpoint's export, mailed unsubscribes and bounces into the list.

Real components: the endpoint under waitress, pymap as the Group's IMAP mailbox,
bounces of Postfix, Exim, Exchange and Gmail (tests/fixtures/bounces/, and real ones
of many MTAs in tests/fixtures/bounces/flufl/).
"""

from __future__ import annotations

import mailbox
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import Result

from psgnews.send.journal import Journal
from tests.conftest import FIXTURES, Run
from tests.imapserver import PASSWORD, ImapServer
from tests.unsubscribeserver import SECRET, UnsubscribeServer, fetch, own

BOUNCES = FIXTURES / "bounces"
LIST = (
    "\ufeffEmail,Name,Format,Status,Notes\r\n"
    "ana@example.org,Ana Pérez,email,active,joined 2005\r\n"
    'bob@example.org,"Bob ""B"", Jr",pdf,active,\r\n'
    'gone@example.net,Gone,email,active,"two\r\nlines"\r\n'
    "moved@example.com,Moved,pdf,active,\r\n"
    "left@example.com,Left,email,Active,\r\n"
    "nobody-here@example.com,Nobody,email,active,\r\n"
    "slow@example.com,Slow,email,active,\r\n"
    "carol@example.org,Carol,email,unsubscribed,asked by phone\r\n"
    "away@example.com,Away,email,active,\r\n"
)
BOUNCED = ("gone@example.net", "moved@example.com", "left@example.com", "nobody-here@example.com")


def mailed_unsubscribe(address: str, token: str) -> bytes:
    """Return the mail a member's client sends from the List-Unsubscribe mailto link."""
    return (
        f"From: {address}\r\nTo: unsubscribe@example.org\r\nSubject: unsubscribe {token}\r\n"
        f"Message-ID: <{token[:8]}@mail.example.com>\r\nDate: Mon, 07 Dec 2026 12:00:00 +0000\r\n\r\n"
    ).encode()


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    """Write `messages` as the mbox file `path`."""
    box = mailbox.mbox(path)
    for raw in messages:
        box.add(raw)
    box.close()
    return path


def sync(run: Run, project: Path, members: Path, *options: object) -> Result:
    """Run `psgnews members sync` on `members` with `options`."""
    return run("--root", project, "members", "sync", "--members", members, *options)


def fixtures() -> list[bytes]:
    return [path.read_bytes() for path in sorted(BOUNCES.glob("*.eml"))]


@pytest.fixture
def members(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PSGNEWS_UNSUBSCRIBE_SECRET", SECRET)
    monkeypatch.delenv("PSGNEWS_UNSUBSCRIBE_EXPORT_SECRET", raising=False)
    path = project / "members.csv"
    path.write_bytes(LIST.encode())
    return path


@pytest.fixture
def mbox(tmp_path: Path) -> Path:
    ana = mailed_unsubscribe("ana@example.org", own("ana@example.org"))
    return write_mbox(tmp_path / "mail.mbox", [*fixtures(), ana])


def expected(changes: dict[str, str]) -> bytes:
    """Return LIST with only the status cells of `changes` rewritten."""
    lines = LIST.split("\r\n")
    for number, line in enumerate(lines):
        address = line.lstrip("\ufeff").partition(",")[0]
        if address in changes:  # the status is the fourth of five columns; no note holds a comma
            head, notes = line.rsplit(",", 1)
            lines[number] = f"{head.rsplit(',', 1)[0]},{changes[address]},{notes}"
    return "\r\n".join(lines).encode()


def test_bounces_and_a_mailed_unsubscribe_from_an_mbox(
    project: Path, members: Path, mbox: Path, run: Run
) -> None:
    dry = sync(run, project, members, "--mbox", mbox, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert members.read_bytes() == LIST.encode()
    assert dry.output.rstrip().endswith("members sync: would change 5 members")
    result = sync(run, project, members, "--mbox", mbox)
    assert result.exit_code == 0, result.output
    assert result.output.replace("would change", "changed") == dry.output.replace(
        "would change", "changed"
    )
    changes = dict.fromkeys(BOUNCED, "bounced") | {"ana@example.org": "unsubscribed"}
    assert members.read_bytes() == expected(changes)
    out = result.output
    assert (
        "gone@example.net: active -> bounced (a permanent delivery failure in mail.mbox #5,"
        " <20261207101502.4B1C22A0F1@mx.example.org>)" in out
    )
    assert "left@example.com: Active -> bounced" not in out  # statuses are compared as read
    assert "left@example.com: active -> bounced" in out
    assert (
        "ana@example.org: active -> unsubscribed (an unsubscribe mailed by ana@example.org" in out
    )
    assert "slow@example.com: a temporary delivery failure in mail.mbox #4" in out
    assert "stranger@example.net: no member has it; nothing changed" in out
    assert "<ooo-20261207-1100@example.com>: neither a bounce nor an unsubscribe" in out
    again = sync(run, project, members, "--mbox", mbox)
    assert "members sync: changed 0 members" in again.output
    assert "gone@example.net: already bounced" in again.output
    assert members.read_bytes() == expected(changes)


def test_real_bounces_of_many_mtas_each_mark_their_member(
    project: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSGNEWS_UNSUBSCRIBE_SECRET", SECRET)
    monkeypatch.delenv("PSGNEWS_UNSUBSCRIBE_EXPORT_SECRET", raising=False)
    real = sorted((BOUNCES / "flufl").glob("*.txt"))
    mbox = write_mbox(tmp_path / "real.mbox", [path.read_bytes() for path in real])
    failed = ["userx@mail1.example.com", "userx@its.example.nl", "userx@example.com"]
    failed += ["userx@example.de", "userx@example.edu"]
    members = project / "members.csv"
    rows = [f"{address},X,email,active" for address in [*failed, "kept@example.org"]]
    members.write_text("\r\n".join(["email,name,format,status", *rows, ""]), encoding="utf-8")
    result = sync(run, project, members, "--mbox", mbox)
    assert result.exit_code == 0, result.output
    assert "members sync: changed 5 members" in result.output
    assert members.read_text(encoding="utf-8").count(",bounced") == 5
    assert "kept@example.org,X,email,active" in members.read_text(encoding="utf-8")
    at = {path.name: f"real.mbox #{n}" for n, path in enumerate(real, 1)}
    for name in ("microsoft_01.txt", "simple_17.txt", "yahoo_01.txt"):  # one member, thrice
        assert f"a permanent delivery failure in {at[name]}," in result.output
    for name in ("simple_28.txt", "dsn_06.txt"):  # of no send psgnews knows: not counted
        assert f"a temporary delivery failure in {at[name]}, " in result.output
    assert f"{at['dumbass_01.txt']}, " in result.output and "neither a bounce" in result.output


def test_a_forged_token_or_one_of_no_member_changes_nothing(
    project: Path, members: Path, tmp_path: Path, run: Run
) -> None:
    forged = [
        mailed_unsubscribe("bob@example.org", "0123456789abcdef0123456789abcdef"),
        mailed_unsubscribe("x@example.org", own("x@example.org")),
    ]
    write_mbox(tmp_path / "forged.mbox", forged)
    result = sync(
        run,
        project,
        members,
        "--mbox",
        tmp_path / "forged.mbox",
    )
    assert result.exit_code == 0
    assert (
        "token 0123456789abcdef0123456789abcdef: no member has it; nothing changed" in result.output
    )
    assert result.output.count("no member has it") == 2
    assert members.read_bytes() == LIST.encode()


def test_a_bounce_never_overrides_an_unsubscribe(
    project: Path, members: Path, tmp_path: Path, run: Run
) -> None:
    raw = (
        (BOUNCES / "postfix-user-unknown.eml")
        .read_bytes()
        .replace(b"gone@example.net", b"carol@example.org")
    )
    write_mbox(tmp_path / "carol.mbox", [raw])
    result = sync(
        run,
        project,
        members,
        "--mbox",
        tmp_path / "carol.mbox",
    )
    assert "carol@example.org: already unsubscribed" in result.output
    assert members.read_bytes() == LIST.encode()


def test_a_one_click_a_mailed_unsubscribe_and_a_hard_bounce_over_imap(
    project: Path, members: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    with UnsubscribeServer(project) as endpoint, ImapServer() as imap:
        imap.configure(project)
        monkeypatch.setenv(
            "PSGNEWS_UNSUBSCRIBE_EXPORT_SECRET", endpoint.env["PSGNEWS_UNSUBSCRIBE_EXPORT_SECRET"]
        )
        monkeypatch.setenv("PSGNEWS_MAILBOX_PASSWORD", PASSWORD)
        body, form = b"List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"
        assert fetch(endpoint.link("bob@example.org"), body, **{"Content-Type": form})[0] == 200
        imap.deliver(
            [
                (BOUNCES / "postfix-user-unknown.eml").read_bytes(),
                mailed_unsubscribe("ana@example.org", own("ana@example.org")),
                (BOUNCES / "vacation.eml").read_bytes(),
            ]
        )
        dry = sync(run, project, members, "--dry-run")
        assert "would change 3 members" in dry.output, dry.output
        assert len(imap.subjects("INBOX")) == 3 and imap.subjects("psgnews-processed") == []
        result = sync(run, project, members)
        assert result.exit_code == 0, result.output
        assert (
            "bob@example.org: active -> unsubscribed (on the unsubscribe page at 20"
            in result.output
        )
        changes = {"bob@example.org": "unsubscribed", "ana@example.org": "unsubscribed"}
        assert members.read_bytes() == expected(changes | {"gone@example.net": "bounced"})
        assert imap.subjects("INBOX") == ["Out of office: Peru Support Group Update 119"]
        again = sync(run, project, members)
        assert "1 unsubscribes of the unsubscribe page already in the list" in again.output
        assert "members sync: changed 0 members" in again.output
        assert imap.subjects("psgnews-processed") == [
            "Undelivered Mail Returned to Sender",
            f"unsubscribe {own('ana@example.org')}",
        ]


def test_a_list_edited_by_hand_between_syncs_loses_nothing(
    project: Path, members: Path, mbox: Path, tmp_path: Path, run: Run
) -> None:
    sync(run, project, members, "--mbox", mbox)
    edited = members.read_bytes().replace(b"joined 2005", b"joined 2005; rejoined 2026") + (
        b"zoe@example.org,Zo\xc3\xab,email,active,new\r\n"
    )
    members.write_bytes(edited)
    write_mbox(
        tmp_path / "later.mbox", [mailed_unsubscribe("zoe@example.org", own("zoe@example.org"))]
    )
    result = sync(
        run,
        project,
        members,
        "--mbox",
        tmp_path / "later.mbox",
    )
    assert result.exit_code == 0, result.output
    assert members.read_bytes() == edited.replace(b"email,active,new", b"email,unsubscribed,new")


@pytest.mark.slow
def test_killed_at_random_moments_never_leaves_a_half_written_list(
    project: Path, members: Path, tmp_path: Path
) -> None:
    path = write_mbox(tmp_path / "many.mbox", fixtures() * 300)
    before = members.read_bytes()
    after = expected(dict.fromkeys(BOUNCED, "bounced"))
    script = Path(sys.executable).with_name("psgnews")
    command = [
        str(script),
        "--root",
        str(project),
        "members",
        "sync",
        "--members",
        str(members),
        "--mbox",
        str(path),
    ]
    env = {**os.environ, "PSGNEWS_UNSUBSCRIBE_SECRET": SECRET}
    rng = random.Random(21)
    for _ in range(8):
        members.write_bytes(before)
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.2, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert members.read_bytes() in (before, after)
    finished = subprocess.run(command, env=env, capture_output=True, check=False)
    assert finished.returncode == 0 and members.read_bytes() == after
    # A temp file a kill left beside the list is removed by the next write.
    assert [p.name for p in members.parent.glob(".members.csv*")] == []


def _sent(project: Path, address: str, issues: list[int]) -> None:
    """Record in sent/ that `address` was sent each of `issues`."""
    for number in issues:
        with Journal(project / "sent" / f"{number}-send-journal.sqlite", number) as journal:
            journal.enrol([(address, address, "email", f"<{number}@x>")])
            for state in ("ready", "sending", "sent"):
                journal.move(address, state, "250 OK")


def _delayed(issue: int) -> bytes:
    raw = (BOUNCES / "postfix-delayed.eml").read_bytes()
    return raw.replace(b"psg-update-119", f"psg-update-{issue}".encode())


def test_temporary_failures_on_the_last_three_sends_in_a_row_mark_a_member(
    project: Path, members: Path, tmp_path: Path, run: Run
) -> None:
    _sent(project, "slow@example.com", [117, 118, 119])
    first = write_mbox(tmp_path / "first.mbox", [_delayed(117), _delayed(118), _delayed(118)])
    result = sync(run, project, members, "--mbox", first)
    assert "slow@example.com: a temporary delivery failure in first.mbox #3" in result.output
    assert "temporary failures on 2 sends, not the last 3 in a row: not marked" in result.output
    assert members.read_bytes() == LIST.encode()
    second = write_mbox(tmp_path / "second.mbox", [_delayed(119)])
    dry = sync(run, project, members, "--mbox", second, "--dry-run")
    assert "members sync: would change 1 member" in dry.output
    assert members.read_bytes() == LIST.encode()
    result = sync(run, project, members, "--mbox", second)
    assert (
        "slow@example.com: active -> bounced (temporary failures on its last 3 sends"
        " (psg-update-117, psg-update-118, psg-update-119), the last in second.mbox #1"
    ) in result.output
    assert members.read_bytes() == expected({"slow@example.com": "bounced"})


def test_a_send_delivered_between_failures_is_not_three_in_a_row(
    project: Path, members: Path, tmp_path: Path, run: Run
) -> None:
    _sent(project, "slow@example.com", [116, 117, 118, 119])
    mbox = write_mbox(tmp_path / "mail.mbox", [_delayed(116), _delayed(117), _delayed(119)])
    result = sync(run, project, members, "--mbox", mbox)
    assert "temporary failures on 3 sends, not the last 3 in a row: not marked" in result.output
    assert members.read_bytes() == LIST.encode()
