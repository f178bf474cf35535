"""Mail read from an mbox file, a Maildir folder, or pymap over IMAP (a sync's use: test_sync.py)."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from psgnews.content.settings import Mailbox
from psgnews.core.errors import SendError
from psgnews.send import inbox
from psgnews.send.inbox import Imap, from_path, uid_set
from tests.imapserver import PASSWORD, USER, ImapServer

ONE = b"From: a@example.com\r\nSubject: one\r\nMessage-ID: <1@example.com>\r\n\r\nbody\r\n"
TWO = b"From: b@example.com\r\nSubject: two\r\nMessage-ID: <2@example.com>\r\n\r\nbody\r\n"


def test_a_maildir_folder_and_an_mbox_file_give_their_messages(tmp_path: Path) -> None:
    folder = mailbox.Maildir(tmp_path / "Maildir")
    folder.add(ONE)
    folder.add(TWO)
    box = mailbox.mbox(tmp_path / "mail.mbox")
    box.add(ONE)
    box.add(TWO)
    box.close()
    for path in (tmp_path / "Maildir", tmp_path / "mail.mbox"):
        found = list(from_path(path))
        assert sorted(b"Subject: one" in m.raw for m in found) == [False, True]
        assert [m.ref for m in found] == [f"{path.name} #1", f"{path.name} #2"]
    assert next(from_path(tmp_path / "mail.mbox")).raw.startswith(b"From: a@example.com")


def test_a_link_a_plain_folder_or_nothing_is_refused(tmp_path: Path) -> None:
    box = mailbox.mbox(tmp_path / "mail.mbox")
    box.add(ONE)
    box.close()
    (tmp_path / "linked.mbox").symlink_to(tmp_path / "mail.mbox")
    with pytest.raises(SendError, match="is a link"):
        list(from_path(tmp_path / "linked.mbox"))
    (tmp_path / "plain").mkdir()
    with pytest.raises(SendError, match="a folder, but not a Maildir folder"):
        list(from_path(tmp_path / "plain"))
    with pytest.raises(SendError, match="not an mbox file or a Maildir folder"):
        list(from_path(tmp_path / "plain" / "missing"))


def test_imap_gives_every_message_once_in_order_across_batches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(inbox, "BATCH", 2)  # five messages: three fetches
    monkeypatch.setenv("PSGNEWS_MAILBOX_PASSWORD", PASSWORD)
    subjects = [f"message {n}" for n in range(1, 6)]
    with ImapServer() as server:
        server.deliver([ONE.replace(b"Subject: one", f"Subject: {s}".encode()) for s in subjects])
        settings = Mailbox(host="127.0.0.1", port=server.port, tls="none", user=USER)
        with Imap(settings) as reader:
            found = list(reader.messages())
            reader.file_away([found[3].uid, found[0].uid, found[1].uid, found[0].uid])
        assert [m.raw.split(b"Subject: ")[1].split(b"\r\n")[0].decode() for m in found] == subjects
        assert [m.ref for m in found] == [f"INBOX uid {m.uid}" for m in found]
        assert server.subjects("INBOX") == [subjects[2], subjects[4]]
        assert server.subjects("psgnews-processed") == [subjects[0], subjects[1], subjects[3]]


def test_a_mailbox_lost_between_batches_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inbox, "BATCH", 1)
    monkeypatch.setenv("PSGNEWS_MAILBOX_PASSWORD", PASSWORD)
    with ImapServer() as server:
        server.deliver([ONE, TWO, ONE])
        settings = Mailbox(host="127.0.0.1", port=server.port, tls="none", user=USER)
        with Imap(settings) as reader:
            found = reader.messages()
            assert b"Subject: one" in next(found).raw  # the second batch is on its way
            server.process.kill()
            server.process.wait()
            with pytest.raises(
                SendError, match=rf"lost the mailbox INBOX at 127.0.0.1:{server.port}"
            ):
                list(found)


def test_a_uid_set_is_written_as_ranges() -> None:
    assert uid_set([7, 1, 2, 3, 3, 9, 10, 5]) == "1:3,5,7,9:10"
    assert uid_set(list(range(1, 5001))) == "1:5000"
    assert uid_set([4]) == "4"
