"""Mail read from an mbox file or a Maildir folder (the IMAP side is tested in test_sync.py)."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from psgnews.core.errors import SendError
from psgnews.send.inbox import from_path

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
