"""Publishing with the system's rsync, here to a folder of this machine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import Run

pytestmark = pytest.mark.slow  # starts rsync


def test_rsync_sends_changes_only_and_deletes_what_the_archive_lost(
    project: Path, tmp_path: Path, run: Run
) -> None:
    target = f"rsync:{tmp_path / 'www'}/"
    first = run("--root", project, "publish", "--to", target)
    assert first.exit_code == 0, first.output
    assert (tmp_path / "www" / "119" / "index.html").is_file()
    again = run("--root", project, "publish", "--to", target)
    assert again.output.splitlines()[-1].endswith(
        " 0 sent, 0 removed, " + again.output.split()[-2] + " unchanged"
    )
    assert "sent:" not in again.output
    shutil.rmtree(project / "issues" / "117")
    gone = run("--root", project, "publish", "--to", target)
    assert "removed: 117/index.html" in gone.output.splitlines()
    assert not (tmp_path / "www" / "117").exists()
