"""Build many issues: skip the unchanged ones, run the rest in a pool of worker processes.

Each worker imports WeasyPrint once and keeps one font configuration and the
compiled layouts for every issue it builds. An issue that fails is reported and
the others carry on; the caller lists every failure at the end.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future

    from psgnews.render.pdf.process import PdfRenderer

from psgnews.compile import one
from psgnews.content.project import Root
from psgnews.core import digests, fingerprint
from psgnews.core.errors import PsgnewsError
from psgnews.core.formats import needs_pdf

BUILT, CURRENT, FAILED = "built", "up to date", "failed"
DEBUG = "PSGNEWS_DEBUG"  # set by --debug; inherited by the worker processes


@dataclass(frozen=True)
class BuildRequest:
    """What a build run asks for: the issues, their outputs and how, where, how many at once."""

    numbers: tuple[int, ...]
    formats: tuple[str, ...]
    options: one.BuildOptions = field(default_factory=one.BuildOptions)
    out: Path | None = None  # where the <N>/ folders go; None: <root>/build
    jobs: int = 1  # issues built at once, each in its own worker process
    force: bool = False  # rebuild issues whose outputs are up to date
    web: bool = False  # then bring <out>/web/ up to date (the pipeline's last step)


@dataclass(frozen=True)
class IssueTask:
    """One issue for a worker to build."""

    root: Root
    number: int
    formats: tuple[str, ...]
    options: one.BuildOptions
    out: Path


@dataclass(frozen=True)
class IssueResult:
    """What became of one issue in a build run."""

    number: int
    status: str  # BUILT, CURRENT or FAILED
    folder: Path
    paths: tuple[Path, ...] = ()
    error: str = ""
    seconds: float = 0.0
    peak_rss_kb: int = 0  # of the process that built it


Report = Callable[[IssueResult], None]


def settings(formats: Sequence[str], options: one.BuildOptions) -> list[str]:
    """Return what shapes the outputs beyond their sources: the fingerprint covers it too."""
    return [*formats, *options.fingerprint()]


def stale(
    root: Root, request: BuildRequest, out: Path, sources: fingerprint.SourceDigests
) -> list[int]:
    """Return the issues of `request` whose outputs must be built again."""
    asked = settings(request.formats, request.options)
    return [
        n
        for n in request.numbers
        if request.force or not fingerprint.is_current(root.path, out, n, asked, sources)
    ]


def build_many(
    root: Root,
    request: BuildRequest,
    *,
    report: Report | None = None,
    sources: fingerprint.SourceDigests | None = None,
    pdf_renderer: PdfRenderer | None = None,
) -> list[IssueResult]:
    """Build the issues `request` names into `<out>/<N>/`, skipping unchanged ones; by number.

    Issues built one at a time have their PDFs made by `pdf_renderer`, if given.
    """
    out = request.out or root.output
    request = replace(request, numbers=tuple(sorted(set(request.numbers))))
    todo = stale(root, request, out, sources or fingerprint.SourceDigests())
    results = [IssueResult(n, CURRENT, out / str(n)) for n in request.numbers if n not in todo]
    for result in results:
        (report or _ignore)(result)
    formats, options = request.formats, request.options
    tasks = [IssueTask(root, n, formats, options, out) for n in todo]
    pdf = needs_pdf(request.formats, request.options.attach_pdf)
    pooled = request.jobs > 1 and len(tasks) > 1
    if pdf_renderer is not None and (pooled or not tasks):
        pdf_renderer.close()  # not needed after all: stop its WeasyPrint import now
        pdf_renderer = None
    if pooled:
        workers = min(request.jobs, len(tasks))
        ran = _run_pool(tasks, workers, pdf, report or _ignore)
    else:
        ran = _run_here(tasks, report or _ignore, pdf_renderer)
    return sorted(results + ran, key=lambda r: r.number)


def _run_here(
    tasks: list[IssueTask], report: Report, pdf_renderer: PdfRenderer | None
) -> list[IssueResult]:
    results = []
    for task in tasks:
        results.append(build_one(task, pdf_renderer))
        report(results[-1])
    return results


def _run_pool(tasks: list[IssueTask], workers: int, pdf: bool, report: Report) -> list[IssueResult]:
    import multiprocessing  # only here: a one-issue build has no pool to pay for
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from psgnews.compile import lifeline

    # forkserver: workers start from a clean process, not a fork of a threaded parent.
    context = multiprocessing.get_context("forkserver")
    # The fork server dies with this process (lifeline), and each worker with the fork server.
    context.set_forkserver_preload(["__main__", "psgnews.compile.lifeline"])
    os.environ[lifeline.OWNER] = str(os.getpid())
    results: list[IssueResult] = []
    with ProcessPoolExecutor(workers, context, _start_pool_worker, (os.getpid(),)) as pool:
        futures: dict[Future[IssueResult], IssueTask] = {
            pool.submit(_build_pooled, task, pdf): task for task in tasks
        }
        try:
            for future in as_completed(futures):
                results.append(_result(future, futures[future]))
                report(results[-1])
        except KeyboardInterrupt:
            # Let the issues under way finish (their writes are atomic); start no others.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results


def _result(future: Future[IssueResult], task: IssueTask) -> IssueResult:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool as e:
        error = f"a worker process died: {e}"
        return IssueResult(task.number, FAILED, task.out / str(task.number), error=error)


def _build_pooled(task: IssueTask, pdf: bool) -> IssueResult:
    """Build one issue in a pool worker, its PDF made in a fork of the worker (render.pdf.process).

    The worker imported WeasyPrint once; each fork renders one issue and exits, taking
    along what WeasyPrint's native libraries keep, so the worker does not grow.
    """
    from psgnews.render.pdf import process

    forks = process.forks() if pdf and process.may_fork() else None
    return build_one(task, forks)


def _start_pool_worker(build: int) -> None:
    """Prepare a pool worker: it dies with the fork server, which dies with `build` (lifeline).

    Ctrl-C is the build's to handle, not each worker's.
    """
    from psgnews.render.pdf.process import die_with

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not sys.platform.startswith("linux"):
        return  # no PR_SET_PDEATHSIG elsewhere
    server = os.getppid()
    die_with(server)
    # A worker imports for a while before it gets here: the build (and so the server) may
    # have ended since it was forked, and then no death is left to signal it.
    if _parent_of(server) != build:
        os._exit(1)


def _parent_of(pid: int) -> int | None:
    """Return the process id of the parent of process `pid`, or None if it has gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # after the command name, which may hold ")"


def build_one(task: IssueTask, pdf_renderer: PdfRenderer | None = None) -> IssueResult:
    """Build one issue and record its fingerprint; a failure becomes a FAILED result."""
    start = time.perf_counter()
    folder = task.out / str(task.number)
    try:
        built = one.build_issue(
            task.root, task.number, task.formats, task.out, task.options, pdf_renderer
        )
        asked = settings(task.formats, task.options)
        print_ = fingerprint.outputs_fingerprint(built.digest, asked)
        layouts = {task.number: built.layout}
        made = digests.Written(folder, built.made)
        fingerprint.write_record(
            task.out, str(task.number), print_, built.written, layouts, asked, made
        )
    except PsgnewsError as e:
        return IssueResult(task.number, FAILED, folder, error=str(e), peak_rss_kb=_peak())
    except Exception as e:  # one broken issue must not stop the others; it is reported
        error = _internal(e)
        return IssueResult(task.number, FAILED, folder, error=error, peak_rss_kb=_peak())
    seconds = time.perf_counter() - start
    return IssueResult(task.number, BUILT, folder, tuple(built.paths), "", seconds, _peak())


def _internal(error: Exception) -> str:
    """Describe a bug met while building; with --debug (PSGNEWS_DEBUG), its traceback too."""
    if os.environ.get(DEBUG):
        import traceback  # only here: a build that meets no bug has no traceback to format

        return f"internal error: {error!r}\n{traceback.format_exc()}"
    return f"internal error: {error!r} (run again with --debug for the traceback)"


def _peak() -> int:
    """Return the peak memory (RSS, KB) of this process and of the renderers it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def _ignore(result: IssueResult) -> None:
    pass
