"""The PDF renderer in a child process, started as soon as a build knows it will make a PDF.

Importing WeasyPrint takes longer than the rest of psgnews's start-up: the
child imports it while the parent loads the issue and renders its print HTML,
so a one-issue build takes about as long as WeasyPrint alone. The parent sends
each `PrintJob` down a pipe and gets back the PDF, or the error to raise.

Every PDF after the first is made in a fork of the process that imported
WeasyPrint, which then exits: WeasyPrint's native libraries keep about 0.6 MB
after every document (Kozea/WeasyPrint#220), so a process rendering a whole
archive would grow with it, while each fork starts from the same memory.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from psgnews.core.errors import PsgnewsError, RenderError
from psgnews.render.pdf.printjob import PrintJob

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from psgnews.content.model import Issue


class RendererProcess:
    """A child process that imports WeasyPrint at once, then renders each job it is sent in turn."""

    def __init__(self, *, spawn: bool = False) -> None:
        import multiprocessing  # here: a build without a PDF does without it (4 ms)

        # fork: the child starts at once, from this process, without importing psgnews again;
        # spawn: a fresh interpreter, safe to start from a process that runs threads.
        context = (
            multiprocessing.get_context("spawn") if spawn else multiprocessing.get_context("fork")
        )
        self._conn, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child_end, self._conn), name="psgnews-renderer", daemon=True
        )
        self._process.start()
        child_end.close()
        self._closing = threading.Lock()

    def render(
        self, issue: Issue, html: str, root: Path, *, variant: str, print_marks: bool
    ) -> bytes:
        """Return the PDF of `html`, the print HTML of `issue` (from `root`); raise the child's."""
        try:
            self._conn.send(PrintJob.of(issue, html, root, variant, print_marks))
            answer = self._conn.recv()
        except (EOFError, OSError):
            self.close()
            raise _stopped(issue.number, self._process.exitcode) from None
        return _pdf_or_raise(answer)

    @property
    def stopped(self) -> bool:
        """Return whether the child has ended, so that it can render nothing more."""
        return self._process.exitcode is not None

    def close(self) -> None:
        """Stop the child now, whatever it is doing: nothing more will be asked of it.

        Safe from another thread than the one rendering (psgnews serve stops its renderer
        so): that one's `render` then fails, and closing twice at once closes once.
        """
        with self._closing:
            if self._process.exitcode is None:
                self._process.terminate()
                self._process.join()
            self._conn.close()


class PdfRenderer(Protocol):
    """What makes a build's PDFs outside the building process: a `RendererProcess` or `Forks`."""

    def render(
        self, issue: Issue, html: str, root: Path, *, variant: str, print_marks: bool
    ) -> bytes: ...

    def close(self) -> None: ...


class Forks:
    """Make each PDF after the first in a fork of this process, which imported WeasyPrint.

    The first is made here, so that the forks start with warm caches (fonts
    converted and loaded): a fork from a process that never rendered took
    about 0.2 s longer per PDF.
    """

    def __init__(self) -> None:
        self._warm = False

    def render(
        self, issue: Issue, html: str, root: Path, *, variant: str, print_marks: bool
    ) -> bytes:
        """Return the PDF of `html`, the print HTML of `issue` (from `root`); raise any error."""
        return _pdf_or_raise(self.answer(PrintJob.of(issue, html, root, variant, print_marks)))

    def answer(self, job: PrintJob) -> Answer:
        """Return (the PDF, None, "") or (None, the error, its traceback) for `job`."""
        answer = _answer_in_fork(job) if self._warm else _answer(job)
        self._warm = True
        return answer

    def close(self) -> None:
        """Nothing to stop: each fork has ended with its PDF."""


Answer = tuple[bytes | None, Exception | None, str]


def _pdf_or_raise(answer: Answer) -> bytes:
    """Return the PDF of a child's answer, or raise its error (with the child's traceback)."""
    pdf, error, trace = answer
    if error is not None:
        raise error from (_ChildTraceback(trace) if trace else None)
    assert pdf is not None
    return bytes(pdf)


def _stopped(number: int, code: int | None) -> RenderError:
    why = f"the PDF renderer process stopped (exit code {code}): killed, or out of memory"
    return RenderError(f"issue {number}: {why}")


@functools.cache
def forks() -> Forks:
    """Return this process's `Forks` (a pool worker's, for every issue it builds)."""
    return Forks()


@contextmanager
def started(needed: bool) -> Iterator[RendererProcess | None]:
    """Start a renderer process if `needed` and this process may fork; stop it on the way out."""
    renderer = RendererProcess() if needed and may_fork() else None
    try:
        yield renderer
    finally:
        if renderer is not None:
            renderer.close()


def may_fork() -> bool:
    """Return whether forking is safe here: on Linux, from a process with a single thread."""
    # A fork copies only the calling thread: a lock another thread holds stays locked.
    return sys.platform.startswith("linux") and threading.active_count() == 1


class _ChildTraceback(Exception):
    """The traceback of an error met in the renderer process, shown as the error's cause."""


def _serve(conn: Connection, parent_end: Connection) -> None:
    """Import WeasyPrint and make the fonts, then answer each job `conn` brings until it closes."""
    parent_end.close()  # so that the parent's exit closes the pipe, and this loop ends
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops this process
    with contextlib.suppress(Exception):  # e.g. a missing library: it fails again in _answer
        from psgnews.render.pdf import weasy

        weasy.shared_fonts()
    forks = Forks()  # the first PDF is made here, the later ones in forks of this process
    while True:
        try:
            conn.send(forks.answer(conn.recv()))
        except (EOFError, OSError):  # the parent has gone
            return


def _answer_in_fork(job: PrintJob) -> Answer:
    """Return the answer to `job`, made in a fork of this process that then exits."""
    import multiprocessing

    receive, send = multiprocessing.Pipe(duplex=False)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the fork: answer, then leave without the exit handlers of the process it copies
        try:
            die_with(parent)
            receive.close()
            send.send(_answer(job))
        finally:
            os._exit(0)
    send.close()
    try:
        answer: Answer | None = receive.recv()
    except EOFError:  # it died before answering (killed, or out of memory)
        answer = None
    finally:
        receive.close()
        status = os.waitpid(pid, 0)[1]
    if answer is None:
        return None, _stopped(job.number, os.waitstatus_to_exitcode(status)), ""
    return answer


def die_with(parent: int) -> None:
    """Have Linux kill this process when its parent ends (Ctrl-C, or the parent killed)."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the request was made
        os._exit(1)


def _answer(job: PrintJob) -> Answer:
    """Return (the PDF, None, "") or (None, the error, its traceback) for `job`."""
    try:
        from psgnews.render.pdf import weasy

        return weasy.render_job(job, fonts=weasy.shared_fonts(), timeout=weasy.TIMEOUT), None, ""
    except PsgnewsError as e:
        return None, e, ""
    except Exception as e:  # a bug: the parent reports it as it would one of its own
        return None, _portable(e), traceback.format_exc()


def _portable(error: Exception) -> Exception:
    """Return `error` if it survives the pipe, or else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(repr(error))
    return error
