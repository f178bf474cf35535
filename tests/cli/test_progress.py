"""Progress of a build: plain lines, a bar on a terminal, or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from psgnews.cli.progress import Progress
from psgnews.compile.many import BUILT, CURRENT, FAILED, IssueResult
from psgnews.site.archive import Published

RESULTS = [
    IssueResult(117, CURRENT, Path("build/117")),
    IssueResult(118, BUILT, Path("build/118"), (Path("a"), Path("b")), seconds=1.25),
    IssueResult(119, FAILED, Path("build/119"), error="broken"),
]


def report(progress: Progress) -> None:
    for result in RESULTS:
        progress(result)
    progress.finish(RESULTS)


def test_plain_lines_say_what_became_of_each_issue() -> None:
    stream = io.StringIO()
    report(Progress([117, 118, 119], 2, stream=stream, bar=False))
    lines = stream.getvalue().splitlines()
    assert lines[:3] == [
        "[1/3] 117 up to date",
        "[2/3] 118 built: build/118/ (2 files, 1.2 s)",
        "[3/3] 119 failed",
    ]
    assert lines[3].startswith("3 issues: 1 built, 1 up to date, 1 failed in ")


def test_the_bar_counts_names_the_current_issues_and_the_time_left() -> None:
    stream = io.StringIO()
    progress = Progress([117, 118, 119], 2, stream=stream, bar=True)
    progress(RESULTS[0])
    assert stream.getvalue().endswith("] issue 1 of 3  now: 118, 119\x1b[K")
    progress(RESULTS[1])
    drawn = stream.getvalue().rsplit("\r", 1)[1]
    # one issue to go, at 1.25 s an issue, over two jobs
    assert drawn == "[################........] issue 2 of 3  now: 119  0:01 left\x1b[K"
    progress(RESULTS[2])
    progress.finish(RESULTS)
    assert "\r\x1b[K3 issues: 1 built" in stream.getvalue()


def test_quiet_says_nothing() -> None:
    stream = io.StringIO()
    report(Progress([117, 118, 119], 2, quiet=True, stream=stream, bar=True))
    assert stream.getvalue() == ""


def test_the_web_archive_line_counts_the_files_written_on_stdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    progress = Progress([117], 1, stream=io.StringIO(), bar=True)
    progress.published(Published(Path("build/web"), False, [Path("a"), Path("b")], []))
    progress.published(Published(Path("build/web"), False, [Path("a")], []))
    progress.published(Published(Path("build/web"), True, [], []))
    assert capsys.readouterr().out.splitlines() == [
        "web archive: build/web/ (2 files written)",
        "web archive: build/web/ (1 file written)",
        "web archive: build/web/ up to date",
    ]
    Progress([117], 1, quiet=True).published(Published(Path("build/web"), True, [], []))
    assert capsys.readouterr().out == ""
