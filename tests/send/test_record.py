"""The send journals' place, sent/, and moving one an earlier psgnews left in build/<N>/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from psgnews.send.journal import Journal, read_entries
from tests.conftest import Run

OLD = Path("build") / "119" / "send-journal.sqlite"
NEW = Path("sent") / "119-send-journal.sqlite"


def _old_journal(project: Path) -> dict[str, object]:
    """Write a journal where psgnews kept it before sent/: one member sent, one pending."""
    with Journal(project / OLD, 119) as journal:
        journal.enrol(
            [
                ("ana@example.org", "ana@example.org", "email", "<a@x>"),
                ("bob@example.org", "bob@example.org", "pdf", "<b@x>"),
            ]
        )
        journal.move("ana@example.org", "ready", "", attempt=True)
        journal.move("ana@example.org", "sending", "")
        journal.move("ana@example.org", "sent", "250 OK")
        return dict(journal.entries())


def test_status_moves_an_old_journal_to_sent_once_losing_nothing(project: Path, run: Run) -> None:
    rows = _old_journal(project)
    first = run("--root", project, "send", "119", "--status")
    assert first.exit_code == 0, first.output
    said = first.output.splitlines()[0]
    assert said.startswith(f"moved the send journal of 119 from {project / OLD} to {project / NEW}")
    assert "keep it and back it up" in said
    assert "sent     ana@example.org" in first.output
    assert read_entries(project / NEW, 119) == rows
    assert sorted(p.name for p in (project / OLD).parent.iterdir()) == []
    second = run("--root", project, "send", "119", "--status")
    assert "moved" not in second.output
    assert second.output == first.output.split("\n", 1)[1]


def test_two_different_journals_are_never_merged_by_guessing(project: Path, run: Run) -> None:
    _old_journal(project)
    with Journal(project / NEW, 119) as journal:
        journal.enrol([("carol@example.org", "carol@example.org", "email", "<c@x>")])
    result = run("--root", project, "send", "119", "--status")
    assert result.exit_code == 1
    assert "both hold a journal of 119, and they differ" in result.output
    assert "Traceback" not in result.output
    assert (project / OLD).is_file() and (project / NEW).is_file()


def test_an_old_journal_that_is_a_link_is_refused(project: Path, run: Run) -> None:
    elsewhere = project.parent / "elsewhere.sqlite"
    with Journal(elsewhere, 119) as journal:
        journal.enrol([("ana@example.org", "ana@example.org", "email", "<a@x>")])
    (project / OLD).parent.mkdir(parents=True)
    (project / OLD).symlink_to(elsewhere)
    result = run("--root", project, "send", "119", "--status")
    assert result.exit_code == 1
    assert "is a link: psgnews does not read a send journal through one" in result.output
    assert not (project / "sent").exists()


def test_a_sent_folder_that_is_a_link_is_refused(project: Path, run: Run) -> None:
    outside = project.parent / "outside"
    outside.mkdir()
    (project / "sent").symlink_to(outside)
    _old_journal(project)
    result = run("--root", project, "send", "119", "--status")
    assert result.exit_code == 1
    assert "sent is a link or not a folder" in result.output
    assert list(outside.iterdir()) == [] and (project / OLD).is_file()


def test_steps_only_in_the_write_ahead_log_of_a_killed_run_are_moved_too(
    project: Path, run: Run
) -> None:
    # A run killed after these steps leaves them in send-journal.sqlite-wal, not yet in the file.
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from psgnews.send.journal import Journal\n"
        "journal = Journal(Path(sys.argv[1]), 119)\n"
        "journal.enrol([('ana@example.org', 'ana@example.org', 'email', '<a@x>')])\n"
        "for state in ('ready', 'sending', 'sent'):\n"
        "    journal.move('ana@example.org', state, '250 OK')\n"
        "os._exit(0)\n"
    )
    (project / OLD).parent.mkdir(parents=True)
    subprocess.run([sys.executable, "-c", script, str(project / OLD)], check=True)
    assert (project / OLD).with_name("send-journal.sqlite-wal").stat().st_size > 0
    result = run("--root", project, "send", "119", "--status")
    assert result.exit_code == 0, result.output
    assert "sent     ana@example.org" in result.output
    assert read_entries(project / NEW, 119)["ana@example.org"].state == "sent"
    assert list((project / OLD).parent.iterdir()) == []
