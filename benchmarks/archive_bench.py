"""Measure multi-issue builds on a synthetic archive and print six figures, (a) to (f).

They are: the speed-up of --jobs, a full build against bare WeasyPrint renders run
in as many processes at once as the build has workers, a no-op rebuild, an edited
issue rebuilt alone, peak memory per worker, and `check`.

Every figure is a ratio against a floor measured in the same run, because the
machine is shared and noisy; the raw seconds and megabytes are printed too.

    .venv/bin/python benchmarks/archive_bench.py --issues 120          # the full measurement
    .venv/bin/python benchmarks/archive_bench.py --issues 6 --small 3  # a quick check of the script
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.environment import as_installed
from psgnews.compile import pipeline
from psgnews.compile.many import BuildRequest, IssueResult
from psgnews.content.load import load_issues
from psgnews.content.project import open_root
from psgnews.core.formats import FORMATS
from psgnews.render import documents
from synthetic.make_archive import make_archive

# Runs the command line and says, at exit, whether WeasyPrint was ever imported.
CLI = (
    "import sys\nfrom psgnews.cli import main\ntry:\n    main()\nfinally:\n"
    "    print('weasyprint imported:', 'weasyprint' in sys.modules, file=sys.stderr)\n"
)


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """Return the wall-clock seconds `work` took, and what it returned."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    """Run psgnews in a fresh interpreter, as a user would."""
    command = [sys.executable, "-c", CLI, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=True)


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file below `folder` by relative path, but what stat said of the outputs.

    A record's `.stat.json` keeps each output's inode and times, which differ from
    one folder to another however alike the outputs are.
    """
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".stat.json")
    )
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def bare_renders(root_path: Path) -> float:
    """Return the seconds of a bare in-process WeasyPrint render of each issue's print HTML."""
    return _render_bare(_bare_documents(root_path, None))


def _bare_documents(root_path: Path, numbers: list[int] | None) -> list[Any]:
    """Return WeasyPrint's HTML of issues `numbers` (None: all), parsed, ready to render."""
    import weasyprint

    root = open_root(root_path)
    found = []
    for issue in load_issues(root, numbers if numbers is not None else root.issue_numbers()):
        folder = (root_path / issue.folder_name).as_uri() + "/"
        found.append(weasyprint.HTML(string=documents.print_html(issue), base_url=folder))
    return found


def _render_bare(htmls: list[Any]) -> float:
    """Return the seconds `htmls` take to render to PDF, one after the other."""
    return sum(timed(html.write_pdf)[0] for html in htmls)


# A part of the parallel floor: it readies its issues, says so, renders them when told.
BARE_PART = (
    "import sys\nfrom pathlib import Path\nfrom benchmarks import archive_bench as b\n"
    "htmls = b._bare_documents(Path(sys.argv[1]), [int(n) for n in sys.argv[2:]])\n"
    "print('ready', flush=True)\nsys.stdin.readline()\nb._render_bare(htmls)\n"
)


def parallel_bare_renders(root_path: Path, jobs: int) -> float:
    """Return the wall-clock seconds of the bare renders split over `jobs` processes at once.

    The floor of figure (b). Each process renders every `jobs`-th issue, as a
    build's workers share them, and starts only once every process has imported
    WeasyPrint and made its print HTML (a worker's start-up is the build's own
    cost, not the floor's). Dividing the serial renders by `jobs` instead (printed
    too) assumes the machine gives `jobs` full cores, which figure (a)'s ceiling
    measures it does not: a build would be charged for the machine's shortfall.
    """
    numbers = open_root(root_path).issue_numbers()
    command = [sys.executable, "-c", BARE_PART, str(root_path)]
    parts = [
        subprocess.Popen(
            [*command, *map(str, numbers[part::jobs])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        for part in range(jobs)
    ]
    for part in parts:
        assert part.stdout is not None and part.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    for part in parts:
        assert part.stdin is not None
        part.stdin.write("go\n")
        part.stdin.close()
    for part in parts:
        if part.wait() != 0:
            raise SystemExit(f"a part of the bare renders failed (exit code {part.returncode})")
    return time.perf_counter() - start


SPIN = "x = 0\nfor i in range(40_000_000):\n    x += i\n"


def parallel_ceiling(jobs: int) -> float:
    """Return how much faster `jobs` CPU-bound processes finish than one, `jobs` times over.

    The floor of figure (a): on a shared virtual machine two "cores" may not
    give twice the work, and no build can do better than the machine.
    """
    one = timed(lambda: subprocess.run([sys.executable, "-c", SPIN], check=True))[0]

    def together() -> None:
        spins = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(jobs)]
        for spin in spins:
            spin.wait()

    return jobs * one / timed(together)[0]


def peak_mb(results: list[IssueResult]) -> float:
    """Return the largest peak RSS of the processes that built `results`, in MB."""
    return max((r.peak_rss_kb for r in results), default=0) / 1024


def measure(tmp: Path, issues: int, small: int, jobs: int) -> list[str]:
    """Build the archive every way the figures need; return the report's lines."""
    root_path = make_archive(tmp / "archive", issues=issues)
    root = open_root(root_path)
    numbers = root.issue_numbers()
    lines = [f"archive: {issues} issues x 8 articles x ~600 words; load {os.getloadavg()}"]

    def full(
        out: str, workers: int, chosen: list[int] = numbers
    ) -> tuple[float, list[IssueResult]]:
        request = BuildRequest(
            tuple(chosen), FORMATS, out=tmp / out, jobs=workers, force=True, web=True
        )
        return timed(lambda: pipeline.build(root, request))

    cli("--root", root_path, "check")  # warm: the file cache and the bytecode
    check_s = timed(lambda: cli("--root", root_path, "check"))[0]
    lines.append(f"(f) check over {issues} issues: {check_s:.3f} s (a fresh process; goal <= 1 s)")
    one_s, _ = full("out1", 1)
    two_s, results = full("out2", jobs)
    same = tree(tmp / "out1") == tree(tmp / "out2")
    ceiling = parallel_ceiling(jobs)
    lines.append(
        f"(a) --jobs 1: {one_s:.2f} s, --jobs {jobs}: {two_s:.2f} s, speed-up "
        f"{one_s / two_s:.2f} (goal >= 1.85); same bytes: {same}; this machine's own "
        f"ceiling ({jobs} CPU-bound processes against one): {ceiling:.2f}, so the build "
        f"reaches {one_s / two_s / ceiling:.0%} of it"
    )
    serial = bare_renders(root_path)
    floor = parallel_bare_renders(root_path, jobs)
    lines.append(
        f"(b) full build {two_s:.2f} s / bare WeasyPrint renders in {jobs} processes at once "
        f"{floor:.2f} s = {two_s / floor:.2f} (goal <= 1.15); the old floor, serial renders "
        f"{serial:.2f} s / {jobs}: {two_s / (serial / jobs):.2f}"
    )
    noop_s, done = timed(lambda: cli("--root", root_path, "build", "--all", "--out", tmp / "out2"))
    lines.append(
        f"(c) no-op rebuild {noop_s:.3f} s / full {two_s:.2f} s = {100 * noop_s / two_s:.2f} % "
        f"(goal <= 2 %); {done.stderr.strip()}; {done.stdout.splitlines()[-2]}"
    )
    lines.append(edit_one(root_path, tmp / "out2", numbers[len(numbers) // 2]))
    small_peak = peak_mb(full("out-small", jobs, numbers[:small])[1])
    lines.append(
        f"(e) peak RSS per worker: {small_peak:.0f} MB at {small} issues, "
        f"{peak_mb(results):.0f} MB at {issues} issues (goal: flat, <= 150 MB)"
    )
    return lines


def edit_one(root_path: Path, out: Path, number: int) -> str:
    """Edit one article of issue `number`, rebuild everything, and say what was rebuilt."""
    article = root_path / "issues" / str(number) / "article-03.yaml"
    article.write_text(article.read_text().replace("body: |\n", "body: |\n  An added line.\n\n"))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    seconds, done = timed(lambda: cli("--root", root_path, "build", "--all", "--out", out))
    changed = sorted(  # rewritten, or removed (the search index's files are named by content)
        p.relative_to(out).as_posix()
        for p, t in before.items()
        if not p.exists() or p.stat().st_mtime_ns != t
    )
    issues = sorted({name.split("/")[0] for name in changed if name.split("/")[0].isdigit()})
    web_pages = [name for name in changed if name.startswith("web/")]
    built = [line for line in done.stdout.splitlines() if " built: " in line]
    return (
        f"(d) edited issue {number}: rebuilt issues {issues} ({len(built)} 'built' lines) in "
        f"{seconds:.2f} s; web files rewritten: {len(web_pages)} {web_pages[:6]}"
    )


def main() -> None:
    """Print every figure, with the raw numbers behind each ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=120)
    parser.add_argument("--small", type=int, default=30, help="the smaller archive of (e)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    as_installed()  # before the first process: the pool's forkserver inherits it too
    with tempfile.TemporaryDirectory(prefix="psgnews-bench-") as tmp:
        for line in measure(Path(tmp), args.issues, args.small, args.jobs):
            print(line, flush=True)


if __name__ == "__main__":
    main()
