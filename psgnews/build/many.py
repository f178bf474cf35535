"""Build many issues: skip the unchanged ones, run the rest in a pool of worker processes.

Each worker imports WeasyPrint once and keeps one font configuration and the
compiled layouts for every issue it builds. An issue that fails is reported and
the others carry on; the caller lists every failure at the end.
"""

from __future__ import annotations

import os
import resource
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future

    from psgnews.render.pdf.process import Renders

from psgnews.build import fingerprint, one
from psgnews.content.load import Root
from psgnews.errors import PsgnewsError

BUILT, CURRENT, FAILED = "built", "up to date", "failed"
DEBUG = "PSGNEWS_DEBUG"  # set by --debug; inherited by the worker processes


@dataclass(frozen=True)
class Outcome:
    """What became of one issue in a multi-issue build."""

    number: int
    status: str
    folder: Path
    paths: tuple[Path, ...] = ()
    error: str = ""
    seconds: float = 0.0
    peak_rss_kb: int = 0  # of the process that built it


Report = Callable[[Outcome], None]


def stale(
    root: Root,
    numbers: Iterable[int],
    formats: Sequence[str],
    out: Path,
    force: bool = False,
    sources: fingerprint.Sources | None = None,
    options: one.BuildOptions | None = None,
) -> list[int]:
    """Return the issues whose outputs must be built again."""
    sources = sources or fingerprint.Sources()
    settings = _settings(formats, options or one.BuildOptions())
    return [
        n
        for n in numbers
        if force or not fingerprint.is_current(root.path, out, n, settings, sources)
    ]


def _settings(formats: Sequence[str], options: one.BuildOptions) -> list[str]:
    """Return what shapes the outputs' bytes beyond the issue: formats and build options."""
    return [*formats, *options.fingerprint()]


def build_many(
    root: Root,
    numbers: Sequence[int],
    formats: Sequence[str],
    out: Path | None = None,
    *,
    jobs: int = 1,
    force: bool = False,
    report: Report | None = None,
    sources: fingerprint.Sources | None = None,
    options: one.BuildOptions | None = None,
    renderer: Renders | None = None,
) -> list[Outcome]:
    """Build `numbers` into `<out>/<N>/`, skipping unchanged issues; return outcomes by number.

    Issues built one at a time have their PDFs made by `renderer`, if given.
    """
    out = out or root.path / "build"
    numbers = sorted(set(numbers))
    options = options or one.BuildOptions()
    todo = stale(root, numbers, formats, out, force, sources, options)
    outcomes = [Outcome(n, CURRENT, out / str(n)) for n in numbers if n not in todo]
    for outcome in outcomes:
        (report or _ignore)(outcome)
    tasks = [(root, n, tuple(formats), out, options) for n in todo]
    needs_pdf = "pdf" in formats or options.attach_pdf
    pooled = jobs > 1 and len(tasks) > 1
    if renderer is not None and (pooled or not tasks):
        renderer.close()  # not needed after all: stop its WeasyPrint import now
        renderer = None
    if pooled:
        ran = _run_pool(tasks, min(jobs, len(tasks)), needs_pdf, report or _ignore)
    else:
        if tasks and renderer is None:
            _start_worker(needs_pdf)
        ran = _run_here(tasks, report or _ignore, renderer)
    return sorted(outcomes + ran, key=lambda o: o.number)


def _run_here(
    tasks: list[tuple[Any, ...]], report: Report, renderer: Renders | None
) -> list[Outcome]:
    outcomes = []
    for task in tasks:
        outcomes.append(build_one(*task, renderer=renderer))
        report(outcomes[-1])
    return outcomes


def _run_pool(
    tasks: list[tuple[Any, ...]], workers: int, needs_pdf: bool, report: Report
) -> list[Outcome]:
    import multiprocessing  # only here: a one-issue build has no pool to pay for
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # forkserver: workers start from a clean process, not a fork of a threaded parent.
    context = multiprocessing.get_context("forkserver")
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(workers, context, _start_pool_worker, (needs_pdf,)) as pool:
        futures: dict[Future[Outcome], tuple[Any, ...]] = {
            pool.submit(_build_pooled, needs_pdf, *task): task for task in tasks
        }
        try:
            for future in as_completed(futures):
                outcomes.append(_result(future, futures[future]))
                report(outcomes[-1])
        except KeyboardInterrupt:
            # Let the issues under way finish (their writes are atomic); start no others.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return outcomes


def _result(future: Future[Outcome], task: tuple[Any, ...]) -> Outcome:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool as e:
        _, number, _, out, _ = task
        return Outcome(number, FAILED, out / str(number), error=f"a worker process died: {e}")


def _build_pooled(needs_pdf: bool, *task: Any) -> Outcome:
    """Build one issue in a pool worker, its PDF made in a fork of the worker (render.pdf.process).

    The worker imported WeasyPrint once; each fork renders one issue and exits, taking
    along what WeasyPrint's native libraries keep, so the worker does not grow.
    """
    from psgnews.render.pdf import process

    forks = process.forks() if needs_pdf and process.may_fork() else None
    return build_one(*task, renderer=forks)


def _start_pool_worker(needs_pdf: bool) -> None:
    """Prepare a pool worker; Ctrl-C is the parent's to handle, not each worker's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start_worker(needs_pdf)


def _start_worker(needs_pdf: bool) -> None:
    """Import WeasyPrint and make the process's font configuration once, if PDFs are to be made."""
    if needs_pdf:
        from psgnews.render.pdf import weasy

        weasy.shared_fonts()


def build_one(
    root: Root,
    number: int,
    formats: tuple[str, ...],
    out: Path,
    options: one.BuildOptions,
    *,
    renderer: Renders | None = None,
) -> Outcome:
    """Build one issue and record its fingerprint; a failure becomes a FAILED outcome."""
    start = time.perf_counter()
    folder = out / str(number)
    try:
        built = one.build_issue(root, number, formats, out, options, renderer)
        print_ = fingerprint.outputs_fingerprint(built.digest, _settings(formats, options))
        digests = fingerprint.digests(folder, built.paths)
        fingerprint.write_record(out, str(number), print_, digests, {number: built.layout})
    except PsgnewsError as e:
        return Outcome(number, FAILED, folder, error=e.format_message(), peak_rss_kb=_peak())
    except Exception as e:  # one broken issue must not stop the others; it is reported
        return Outcome(number, FAILED, folder, error=_internal(e), peak_rss_kb=_peak())
    seconds = time.perf_counter() - start
    return Outcome(number, BUILT, folder, tuple(built.paths), "", seconds, _peak())


def _internal(error: Exception) -> str:
    """Describe a bug met while building; with --debug (PSGNEWS_DEBUG), its traceback too."""
    if os.environ.get(DEBUG):
        return f"internal error: {error!r}\n{traceback.format_exc()}"
    return f"internal error: {error!r} (run again with --debug for the traceback)"


def _peak() -> int:
    """Return the peak memory (RSS, KB) of this process and of the renderers it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def _ignore(outcome: Outcome) -> None:
    pass
