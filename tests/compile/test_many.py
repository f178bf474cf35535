"""Many issues at once: ranges, --all, the worker pool, failures among good issues, same bytes."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import IO

import pytest

from psgnews.compile import many
from synthetic.make_archive import make_archive
from tests.conftest import Run, copy_project

NO_PDF = ("--format", "text,email,eml")


def issue_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.isdigit())


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file below `folder` by its relative path, with its bytes.

    But what `stat` said of the outputs (`.psgnews/*.stat.json`): this machine's, not the build's.
    """
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".stat.json")
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["117-118"], ["117", "118"]),
        (["117", "119"], ["117", "119"]),
        (["--all"], ["117", "118", "119"]),
    ],
)
def test_ranges_lists_and_all(
    project: Path, run: Run, args: list[str], expected: list[str]
) -> None:
    result = run("--root", project, "build", *args, "--format", "text", "--no-web")
    assert result.exit_code == 0, result.output
    assert issue_folders(project / "build") == expected
    assert f"{len(expected)} issues: {len(expected)} built" in result.output


def test_overlapping_ranges_build_each_issue_once(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "117-119", "118", "--format", "text", "--no-web")
    assert result.exit_code == 0, result.output
    assert result.output.count(" built: ") == 3


@pytest.mark.parametrize("args", [[], ["119", "--all"]])
def test_issues_or_all_but_not_both(project: Path, run: Run, args: list[str]) -> None:
    result = run("--root", project, "build", *args)
    assert result.exit_code == 2
    assert "or give --all" in result.output


def test_an_unknown_issue_in_a_range_builds_nothing(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "118-120", "--format", "text")
    assert result.exit_code == 1
    assert "no issue 120 (issues: 117, 118, 119)" in result.output
    assert not (project / "build").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_issue_does_not_stop_the_others(project: Path, run: Run, jobs: str) -> None:
    bad = project / "issues" / "118" / "cocaine-figures-up.yaml"
    bad.write_text(bad.read_text().replace("section: News", "section: Newz"))
    result = run("--root", project, "build", "--all", *NO_PDF, "--jobs", jobs)
    assert result.exit_code == 1
    assert "1 of 3 issues failed:" in result.output
    assert "issue 118: invalid content:" in result.output
    assert "issues/118/cocaine-figures-up.yaml:2:10: section: 'Newz' is not a section" in (
        result.output
    )
    assert "web archive: not updated, because an issue failed" in result.output
    assert "Traceback" not in result.output
    assert issue_folders(project / "build") == ["117", "119"]
    assert len(list((project / "build" / "119").glob("psg-update-119.*"))) == 3
    assert not (project / "build" / "web").exists()


def test_quiet_prints_only_errors(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "--all", "--format", "text", "--quiet")
    assert result.exit_code == 0
    assert result.output == ""
    bad = project / "issues" / "118" / "cocaine-figures-up.yaml"
    bad.write_text(bad.read_text().replace("section: News", "section: Newz"))
    failed = run("--root", project, "build", "--all", "--format", "text", "--quiet")
    assert failed.exit_code == 1
    assert (
        "1 of 3 issues failed:" in failed.output and "issue 118: invalid content:" in failed.output
    )
    assert not re.search(r"^\[\d/3\]|^3 issues: ", failed.output, re.MULTILINE)  # no progress


def test_plain_progress_lines_when_not_a_terminal(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "117-118", "--format", "text", "--no-web")
    lines = result.output.splitlines()[:2]  # in the order the workers finish
    assert [line[:6] for line in lines] == ["[1/2] ", "[2/2] "]
    assert sorted(line[6:17] for line in lines) == ["117 built: ", "118 built: "]
    assert all("(1 file, " in line for line in lines)
    again = run("--root", project, "build", "117-118", "--format", "text", "--no-web")
    assert again.output.splitlines()[:2] == ["[1/2] 117 up to date", "[2/2] 118 up to date"]


@pytest.fixture(scope="module")
def archive_jobs_1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with every output of every issue built by one process."""
    project = copy_project(tmp_path_factory.mktemp("jobs1") / "project")
    done = psgnews("--root", project, "build", "--all", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return project


def psgnews(*args: object) -> subprocess.CompletedProcess[str]:
    """Run the command line in a fresh interpreter; report whether it imported WeasyPrint, and
    which of the other libraries that only making outputs needs."""
    code = (
        "import sys\nfrom psgnews.cli import main\n"
        "try:\n    main()\nfinally:\n"
        "    print('weasyprint imported:', 'weasyprint' in sys.modules, file=sys.stderr)\n"
        "    heavy = ('yaml', 'jinja2', 'PIL', 'pydantic', 'markdown_it')\n"
        "    print('imported:', [m for m in heavy if m in sys.modules], file=sys.stderr)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )


@pytest.mark.slow
def test_jobs_1_and_jobs_2_give_the_same_bytes(archive_jobs_1: Path, tmp_path: Path) -> None:
    project = shutil.copytree(archive_jobs_1, tmp_path / "project")
    shutil.rmtree(project / "build")
    done = psgnews("--root", project, "build", "--all", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "weasyprint imported: False" in done.stderr  # only the workers rendered PDFs
    assert tree(project / "build") == tree(archive_jobs_1 / "build")
    assert len([p for p in tree(project / "build") if p.endswith(".pdf")]) == 6  # 3 + web copies


@pytest.mark.slow
def test_building_twice_gives_the_same_bytes(archive_jobs_1: Path, tmp_path: Path) -> None:
    project = shutil.copytree(archive_jobs_1, tmp_path / "project")
    done = psgnews("--root", project, "build", "--all", "--force", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "3 issues: 3 built" in done.stdout
    assert tree(project / "build") == tree(archive_jobs_1 / "build")


@pytest.mark.slow
def test_a_no_op_rebuild_never_imports_weasyprint(archive_jobs_1: Path) -> None:
    done = psgnews("--root", archive_jobs_1, "build", "--all")
    assert done.returncode == 0, done.stderr
    assert "3 issues: 0 built, 3 up to date, 0 failed" in done.stdout
    assert "web archive: " in done.stdout and "up to date" in done.stdout
    assert "weasyprint imported: False" in done.stderr
    assert "imported: []" in done.stderr  # no YAML parsed, no template loaded, no image opened


def test_the_web_archive_comes_with_all_or_when_asked(project: Path, run: Run) -> None:
    assert run("--root", project, "build", "119", "--format", "text").exit_code == 0
    assert not (project / "build" / "web").exists()
    assert run("--root", project, "build", "119", "--format", "text", "--web").exit_code == 0
    assert (project / "build" / "web" / "index.html").is_file()


def test_a_bug_is_reported_with_its_traceback_only_under_debug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    try:
        raise KeyError("boom")
    except KeyError as e:
        monkeypatch.delenv(many.DEBUG, raising=False)
        assert many._internal(e) == (
            "internal error: KeyError('boom') (run again with --debug for the traceback)"
        )
        monkeypatch.setenv(many.DEBUG, "1")
        assert "Traceback (most recent call last)" in many._internal(e)


def test_two_builds_into_one_folder_leave_nothing_stale_called_up_to_date(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psgnews.compile import one
    from psgnews.content.project import open_root
    from psgnews.core import fingerprint
    from psgnews.core.write import write_all

    root = open_root(project)
    request = many.BuildRequest((119,), ("text",))

    def and_then_another_run(
        folder: Path, files: dict[str, bytes], made: dict[str, os.stat_result]
    ) -> list[Path]:
        """Write, then let another run (say, of an edited issue) overwrite the same output."""
        paths = write_all(folder, files, made)
        write_all(folder, dict.fromkeys(files, b"the other run's bytes\n"))
        return paths

    monkeypatch.setattr(one, "write_all", and_then_another_run)
    assert [r.status for r in many.build_many(root, request)] == [many.BUILT]
    monkeypatch.undo()
    # The record holds what this run wrote, so the other run's bytes are not called current.
    sources = fingerprint.SourceDigests()
    assert not fingerprint.is_current(
        project, project / "build", 119, many.settings(request.formats, request.options), sources
    )
    assert [r.status for r in many.build_many(root, request)] == [many.BUILT]
    text = project / "build" / "119" / "psg-update-119.txt"
    assert text.read_bytes() != b"the other run's bytes\n"


def _marked(mark: str) -> list[int]:
    """Return the live processes (not zombies) whose environment holds `mark`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            marked = mark.encode() in (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):  # not a process, gone, or not ours to read
            continue
        if marked and state != "Z":
            found.append(int(entry.name))
    return found


def _wait_for_eof(stream: IO[bytes], seconds: float) -> bool:
    """Return whether `stream` reached its end within `seconds` (every writer closed it)."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if select.select([stream], [], [], left)[0] and not os.read(stream.fileno(), 65536):
            return True
    return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with it on Linux")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_no_process_outlives_a_killed_build_all(tmp_path: Path, how: signal.Signals) -> None:
    root = make_archive(tmp_path / "archive", issues=8, articles=2, words=100)
    mark = f"PSGNEWS_TEST_MARK={uuid.uuid4().hex}"
    script = Path(sys.executable).with_name("psgnews")
    command = [str(script), "--root", str(root), "build", "--all", "--jobs", "2"]
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1]}
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert build.stdout is not None
    try:
        deadline = time.monotonic() + 60
        # The build, the fork server, the resource tracker and two workers at work.
        while len(_marked(mark)) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(_marked(mark)) >= 5, "the pool never started"
        build.send_signal(how)
        build.wait()
        killed = time.monotonic()
        assert _wait_for_eof(build.stdout, 5), "stdout is still held open (`| tee log` never ends)"
        while _marked(mark) and time.monotonic() < killed + 5:
            time.sleep(0.05)
        assert _marked(mark) == [], "processes of the build outlived it by 5 s"
    finally:
        for pid in _marked(mark):  # this test's own leftovers, found by its mark
            os.kill(pid, signal.SIGKILL)
        build.stdout.close()
