"""The renderer process: the same PDF and the same errors as rendering here, and no stray process."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from psgnews.compile import many, one
from psgnews.content.load import load_issue
from psgnews.content.project import open_root
from psgnews.core.errors import RenderError
from psgnews.render import documents
from psgnews.render.pdf import process, weasy
from tests.conftest import run_process
from tests.render.pdf.test_weasy import make_project

pytestmark = pytest.mark.slow

# Stands in for WeasyPrint in the renderer process: it says who imported it, then takes a minute.
SLOW_WEASYPRINT = """\
import os, time
from pathlib import Path
Path(os.environ["PSGNEWS_TEST_PID"] + ".tmp").write_text(str(os.getpid()))
os.replace(os.environ["PSGNEWS_TEST_PID"] + ".tmp", os.environ["PSGNEWS_TEST_PID"])
time.sleep(60)
"""


@pytest.fixture
def started() -> Iterator[process.RendererProcess]:
    """A renderer process, stopped after the test."""
    with process.started(True) as started:
        assert started is not None, "this test process cannot fork"
        yield started


def processes_naming(marker: str) -> list[int]:
    """Return the processes, other than this one, whose command line contains `marker`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            continue  # ended while we looked
        pid = int(cmdline.parent.name)
        if marker in text and pid != os.getpid():
            found.append(pid)
    return found


def slow_weasyprint(tmp_path: Path) -> dict[str, str]:
    """Return the environment in which `import weasyprint` writes its pid, then sleeps."""
    fake = tmp_path / "fake"
    (fake / "weasyprint").mkdir(parents=True)
    (fake / "weasyprint" / "__init__.py").write_text(SLOW_WEASYPRINT)
    return {"PYTHONPATH": in_front(fake), "PSGNEWS_TEST_PID": str(tmp_path / "renderer.pid")}


def in_front(folder: Path) -> str:
    """Return PYTHONPATH with `folder` first, so that its modules hide the installed ones."""
    return os.pathsep.join([str(folder), *filter(None, [os.environ.get("PYTHONPATH")])])


def test_the_renderer_makes_the_same_bytes_as_this_process(
    tmp_path: Path, started: process.RendererProcess
) -> None:
    root = make_project(tmp_path / "p")
    issue = load_issue(open_root(root), 5)
    options = one.BuildOptions(print_marks=True)
    there = one.render_outputs(issue, root, ["pdf"], options, started)
    here = one.render_outputs(issue, root, ["pdf"], options)
    assert there == here and len(there) == 1


def test_an_error_in_the_renderer_is_raised_here_as_it_is(
    tmp_path: Path, started: process.RendererProcess
) -> None:
    root = make_project(tmp_path / "p", "escape-layout")
    issue = load_issue(open_root(root), 5)
    html = documents.print_html(issue)
    with pytest.raises(RenderError) as here:
        weasy.render(issue, html, root)
    with pytest.raises(RenderError) as there:
        started.render(issue, html, root, variant="pdf/a-3b", print_marks=False)
    assert str(there.value) == str(here.value)
    # The renderer still serves the next issue.
    good_root = make_project(tmp_path / "good")
    good = load_issue(open_root(good_root), 5)
    html = documents.print_html(good)
    assert started.render(good, html, good_root, variant="none", print_marks=False)


def test_a_bug_in_the_renderer_brings_its_traceback(
    tmp_path: Path, started: process.RendererProcess
) -> None:
    root = make_project(tmp_path / "p")
    issue = load_issue(open_root(root), 5)
    misplaced = dataclasses.replace(issue, folder_name=str(tmp_path / "elsewhere"))
    with pytest.raises(ValueError, match="elsewhere") as there:
        started.render(misplaced, "<p>x</p>", root, variant="none", print_marks=False)
    assert "in base_url" in str(there.value.__cause__)  # the renderer process's traceback


def test_the_time_limit_holds_in_the_renderer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(weasy, "TIMEOUT", 0.5)  # before the fork: the renderer inherits it
    root = make_project(tmp_path / "p")
    issue = load_issue(open_root(root), 5)
    html = documents.print_html(issue).replace(
        "</main>", "<table>" + "<tr><td>cell</td></tr>" * 20000 + "</table></main>"
    )
    with process.started(True) as started, pytest.raises(RenderError, match=r"0\.5 s"):
        assert started is not None
        started.render(issue, html, root, variant="none", print_marks=False)


def test_the_command_line_reports_a_renderer_error_in_one_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "escape-layout")
    issue = load_issue(open_root(root), 5)
    with pytest.raises(RenderError) as here:
        weasy.render(issue, documents.print_html(issue), root)
    done = run_process("--root", root, "build", "5", "--format", "pdf", "--quiet")
    assert done.returncode == 1
    assert done.stderr == f"Error: 1 of 1 issue failed:\n  {here.value}\n"
    assert not processes_naming(str(root))


def test_a_weasyprint_that_fails_to_import_is_reported_without_a_traceback(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "p")
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise OSError('no Pango here')\n")
    done = run_process("--root", root, "build", "5", "--quiet", PYTHONPATH=in_front(fake.parent))
    assert done.returncode == 1
    assert done.stderr == (
        "Error: 1 of 1 issue failed:\n  issue 5: internal error: OSError('no Pango here') "
        "(run again with --debug for the traceback)\n"
    )


def test_an_up_to_date_build_stops_the_renderer_at_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert run_process("--root", root, "build", "5", "--format", "pdf").returncode == 0
    assert not processes_naming(str(root))  # the renderer that made the PDF is gone too
    start = time.monotonic()
    slow = slow_weasyprint(tmp_path)  # named one by one: mypy would match a ** dict to cwd
    build = ("--root", root, "build", "5", "--format", "pdf")
    pid = slow["PSGNEWS_TEST_PID"]
    done = run_process(*build, PYTHONPATH=slow["PYTHONPATH"], PSGNEWS_TEST_PID=pid)
    assert done.returncode == 0, done.stderr
    assert "0 built, 1 up to date" in done.stdout
    assert time.monotonic() - start < 30  # it did not wait out the minute-long import
    assert not processes_naming(str(root))


def test_build_many_stops_an_unneeded_renderer(
    tmp_path: Path, started: process.RendererProcess
) -> None:
    root = open_root(make_project(tmp_path / "p"))
    request = many.BuildRequest((5,), ("text",))
    many.build_many(root, request)
    many.build_many(root, request, pdf_renderer=started)  # up to date: nothing to render
    assert started._process.exitcode == -signal.SIGTERM


def test_ctrl_c_leaves_no_renderer_behind(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    env = slow_weasyprint(tmp_path)
    command: list[str | Path] = [
        Path(sys.executable).with_name("psgnews"),
        "--root",
        root,
        "build",
        "5",
    ]
    with subprocess.Popen(command, env={**os.environ, **env}, stderr=subprocess.PIPE) as psgnews:
        pid_file = Path(env["PSGNEWS_TEST_PID"])
        while not pid_file.exists():  # the renderer is importing (the fake) WeasyPrint
            assert psgnews.poll() is None, psgnews.stderr.read() if psgnews.stderr else ""
            time.sleep(0.01)
        psgnews.send_signal(signal.SIGINT)
        _, stderr = psgnews.communicate(timeout=30)
    assert psgnews.returncode == 1
    assert stderr.decode().endswith("Aborted!\n") and "Traceback" not in stderr.decode()
    child = int(pid_file.read_text())
    assert not Path(f"/proc/{child}").exists()
    assert not processes_naming(str(root))


# Renders the sample issue once, then 8 times more in forks or here; prints how much it grew.
GROWTH = """\
import sys
from pathlib import Path
from psgnews.render.pdf import weasy
from psgnews.render import documents
from psgnews.render.pdf import process
from psgnews.content.load import load_issue
from psgnews.content.project import open_root
def peak():  # of this process since it started (getrusage's would count from the parent's fork)
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) // 1024
issue = load_issue(open_root(Path(sys.argv[1])), 5)
html = documents.print_html(issue)
forks = process.Forks()
def render_one():
    if sys.argv[2] == "forks":
        return forks.render(issue, html, Path(sys.argv[1]), variant="pdf/a-3b", print_marks=False)
    return weasy.render(issue, html, Path(sys.argv[1]), fonts=weasy.shared_fonts())
pdfs = {render_one()}  # the first is made here either way, and warms the caches
before = peak()
for _ in range(8):
    pdfs.add(render_one())
print(len(pdfs), peak() - before)
"""


def test_forks_keep_the_rendering_process_from_growing(tmp_path: Path) -> None:
    """A pool worker renders each PDF in a fork: WeasyPrint's leftovers go with the fork."""
    project = make_project(tmp_path / "project")
    grown = {}
    for how in ("forks", "here"):
        command = [sys.executable, "-c", GROWTH, str(project), how]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        count, grown[how] = map(int, done.stdout.split())
        assert count == 1  # the same bytes every time
    assert grown["forks"] <= 2 < 6 <= grown["here"], grown


@pytest.mark.parametrize("in_fork", [False, True])
def test_the_memory_limit_holds_in_the_renderer(
    in_fork: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before the fork, so the renderer inherits it: a render may add 150 MB.
    monkeypatch.setattr(weasy, "MEMORY_LIMIT", 150 * 2**20, raising=False)
    root = make_project(tmp_path / "p")
    issue = load_issue(open_root(root), 5)
    html = documents.print_html(issue)
    table = "<table>" + ("<tr>" + "<td>cell</td>" * 40 + "</tr>") * 600 + "</table>"  # ~400 MB
    with process.started(True) as started:
        assert started is not None
        if in_fork:  # the first PDF is made in the renderer, the later ones in its forks
            started.render(issue, html, root, variant="none", print_marks=False)
        with pytest.raises(
            RenderError,
            match="issue 5: the PDF needs more than the 150 MB of memory a render may use",
        ):
            started.render(
                issue,
                html.replace("</main>", table + "</main>"),
                root,
                variant="none",
                print_marks=False,
            )
        # The renderer still serves the next issue, within its limit again.
        assert started.render(issue, html, root, variant="none", print_marks=False)
