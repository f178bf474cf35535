"""The PDF renderer in a child process, started as soon as a build knows it will make a PDF.

Importing WeasyPrint takes longer than the rest of psgnews's start-up: the
child imports it while the parent loads the issue and renders its print HTML,
so a one-issue build takes about as long as WeasyPrint alone. The parent sends
each `PrintJob` down a pipe and gets back the PDF, or the error to raise.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from psgnews.errors import PsgnewsError, RenderError
from psgnews.printjob import PrintJob

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from psgnews.model import Issue


class Renderer:
    """A child process that imports WeasyPrint at once, then renders each job it is sent in turn."""

    def __init__(self) -> None:
        # fork: the child starts at once, from this process, without importing psgnews again.
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child_end, self._conn), name="psgnews-renderer", daemon=True
        )
        self._process.start()
        child_end.close()

    def render(self, issue: Issue, html: str, *, variant: str, print_marks: bool) -> bytes:
        """Return the PDF of `html`, the issue's print HTML; raise the error the child met."""
        try:
            self._conn.send(PrintJob.of(issue, html, variant, print_marks))
            pdf, error, trace = self._conn.recv()
        except (EOFError, OSError):
            self.close()
            code = self._process.exitcode
            raise RenderError(
                f"issue {issue.number}: the PDF renderer process stopped (exit code {code})"
            ) from None
        if error is not None:
            raise error from (_ChildTraceback(trace) if trace else None)
        return bytes(pdf)

    def close(self) -> None:
        """Stop the child now, whatever it is doing: nothing more will be asked of it."""
        if self._process.exitcode is None:
            self._process.terminate()
            self._process.join()
        self._conn.close()


@contextmanager
def started(needed: bool) -> Iterator[Renderer | None]:
    """Start a renderer if `needed` and this process may fork; stop it on the way out."""
    renderer = Renderer() if needed and _may_fork() else None
    try:
        yield renderer
    finally:
        if renderer is not None:
            renderer.close()


def _may_fork() -> bool:
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
        from psgnews import pdf

        pdf.shared_fonts()
    while True:
        try:
            conn.send(_answer(conn.recv()))
        except (EOFError, OSError):  # the parent has gone
            return


def _answer(job: PrintJob) -> tuple[bytes | None, Exception | None, str]:
    """Return (the PDF, None, "") or (None, the error, its traceback) for `job`."""
    try:
        from psgnews import pdf

        return pdf.render_job(job, fonts=pdf.shared_fonts(), timeout=pdf.TIMEOUT), None, ""
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
