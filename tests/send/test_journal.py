from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from psgnews.errors import SendError
from psgnews.send.journal import Journal, read_entries


def test_rows_move_through_their_states_and_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with Journal(path, 119) as journal:
        journal.enrol([("ana@example.org", "ana@example.org", "email", "<a@x>")])
        journal.move("ana@example.org", "pending", "451 4.7.1 later", attempt=True)
        journal.move("ana@example.org", "sending", "", attempt=True)
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
        journal.move("a", "sending", "", attempt=True)
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
        journal.move("a", "sending", "", attempt=True)
        journal.move("a", "sent", "250 OK")
        with pytest.raises(SendError):
            journal.move("a", "sending", "", attempt=True)


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
