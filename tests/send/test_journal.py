from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from psgnews.core.errors import SendError
from psgnews.send import journal as journal_module
from psgnews.send.journal import Journal, read_entries


def test_rows_move_through_their_states_and_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with Journal(path, 119) as journal:
        journal.enrol([("ana@example.org", "ana@example.org", "email", "<a@x>")])
        journal.move("ana@example.org", "pending", "451 4.7.1 later", attempt=True)
        journal.move("ana@example.org", "ready", "", attempt=True)
        journal.move("ana@example.org", "sending", "")
        journal.move("ana@example.org", "sent", "250 OK")
    entry = read_entries(path, 119)["ana@example.org"]
    assert (entry.state, entry.attempts, entry.last_reply, entry.message_id) == (
        "sent",
        2,
        "250 OK",
        "<a@x>",
    )


def test_enrolling_again_keeps_what_was_sent(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with Journal(path, 119) as journal:
        journal.enrol(
            [("a", "a@example.org", "email", "<1>"), ("b", "b@example.org", "email", "<2>")]
        )
        journal.move("a", "ready", "", attempt=True)
        journal.move("a", "sending", "")
        journal.move("a", "sent", "250 OK")
        journal.enrol([("a", "a@example.org", "pdf", "<3>"), ("b", "b@example.org", "pdf", "<4>")])
        entries = journal.entries()
    assert (entries["a"].format, entries["a"].message_id, entries["a"].state) == (
        "email",
        "<1>",
        "sent",
    )
    assert (entries["b"].format, entries["b"].message_id, entries["b"].state) == (
        "pdf",
        "<4>",
        "pending",
    )


def test_a_sent_row_can_never_be_sent_again(tmp_path: Path) -> None:
    with Journal(tmp_path / "journal.sqlite", 119) as journal:
        journal.enrol([("a", "a@example.org", "email", "<1>")])
        with pytest.raises(SendError):
            journal.move("a", "sent", "250 OK")  # not from pending: only from sending
        journal.move("a", "ready", "", attempt=True)
        journal.move("a", "sending", "")
        journal.move("a", "sent", "250 OK")
        with pytest.raises(SendError):
            journal.move("a", "ready", "", attempt=True)
            journal.move("a", "sending", "")


def test_two_runs_of_one_issue_cannot_overlap(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with Journal(path, 119) as journal:
        journal.enrol([("a", "a@example.org", "email", "<1>")])
        with pytest.raises(SendError, match="another send of this issue is running"):
            Journal(path, 119)
        assert read_entries(path, 119)["a"].state == "pending"  # the status can still be read
    Journal(path, 119).close()


def test_a_database_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE photos (id INTEGER)")
    other.commit()
    other.close()
    with pytest.raises(SendError, match="not a psgnews send journal"):
        Journal(path, 119)
    assert read_entries(tmp_path / "missing.sqlite", 119) == {}


def test_a_row_left_ready_is_sent_again_only_in_the_same_boot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.sqlite"
    with Journal(path, 119) as journal:
        journal.enrol(
            [("a", "a@example.org", "email", "<1>"), ("b", "b@example.org", "email", "<2>")]
        )
        journal.move("a", "ready", "", attempt=True)  # killed here: its "." never went
        journal.move("b", "ready", "", attempt=True)
        journal.move("b", "sending", "")  # killed here: its "." may have gone
        assert journal.never_ended() == ["a"]
    # After a power cut the `sending` step may be lost: in another boot, `ready` proves nothing.
    monkeypatch.setattr(journal_module, "BOOT_ID", tmp_path / "another-boot")
    (tmp_path / "another-boot").write_text("another boot\n")
    journal_module.boot_id.cache_clear()
    try:
        with Journal(path, 119) as journal:
            assert journal.never_ended() == []
    finally:
        journal_module.boot_id.cache_clear()


def test_a_journal_of_the_first_version_is_upgraded_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    old = sqlite3.connect(path)
    old.execute(f"PRAGMA application_id = {journal_module.APPLICATION_ID}")
    old.execute(
        "CREATE TABLE deliveries (issue INTEGER NOT NULL, member TEXT NOT NULL,"
        " address TEXT NOT NULL, format TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN"
        " ('pending', 'sending', 'sent', 'failed')), message_id TEXT NOT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0, last_reply TEXT NOT NULL DEFAULT '',"
        " updated TEXT NOT NULL, PRIMARY KEY (issue, member))"
    )
    rows = [("b", "sent"), ("a", "sending"), ("c", "pending")]
    for member, state in rows:
        old.execute(
            "INSERT INTO deliveries VALUES (119, ?, ?, 'email', ?, '<1>', 1, '', 'then')",
            (member, f"{member}@example.org", state),
        )
    old.commit()
    old.close()
    with Journal(path, 119) as journal:
        assert [(e.member, e.state) for e in journal.entries().values()] == rows
        journal.move("c", "ready", "", attempt=True)  # a state the first version did not have
        assert journal.never_ended() == ["c"]


def test_a_journal_path_that_is_a_folder_is_not_read_as_nothing_sent(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    path.mkdir()
    with pytest.raises(SendError, match=f"^{path} is not a file: move it away"):
        read_entries(path, 119)
    with pytest.raises(SendError, match=f"^{path} is not a file: move it away"):
        Journal(path, 119)


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", ".lock"])
def test_a_journal_file_that_is_a_link_is_refused_and_nothing_written_there(
    tmp_path: Path, suffix: str
) -> None:
    outside = tmp_path / "outside"
    outside.write_bytes(b"")
    folder = tmp_path / "sent"
    folder.mkdir()
    path = folder / "journal.sqlite"
    path.with_name(path.name + suffix).symlink_to(outside)
    with pytest.raises(SendError, match="is a link: the send journal is never written"):
        Journal(path, 119)
    with pytest.raises(SendError, match="is a link"):
        read_entries(path, 119)
    assert outside.read_bytes() == b""
    assert sorted(p.name for p in folder.iterdir()) == [path.name + suffix]


def test_a_journal_file_with_a_second_name_elsewhere_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with Journal(path, 119) as journal:
        journal.enrol([("a", "a@example.org", "email", "<a@x>")])
    (tmp_path / "elsewhere.sqlite").hardlink_to(path)
    with pytest.raises(SendError, match="is a link"):
        Journal(path, 119)


def test_a_journal_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "sent").symlink_to(tmp_path / "outside")
    path = tmp_path / "sent" / "journal.sqlite"
    with pytest.raises(SendError, match="sent is a link or not a folder"):
        Journal(path, 119)
    with pytest.raises(SendError, match="sent is a link or not a folder"):
        read_entries(path, 119)
    assert list((tmp_path / "outside").iterdir()) == []
