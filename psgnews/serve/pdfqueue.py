"""The previews' PDFs, made one at a time in a warm renderer process.

The renderer process (`psgnews.render.pdf.process`) imported WeasyPrint and
loaded the fonts once; it makes each PDF in a fork of itself, while this
process goes on rendering emails and answering requests. Only the newest
rendering of each issue is made: one asked for while an older is being made
replaces any still waiting, so a burst of saves costs one PDF after the
one in progress.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from psgnews.compile.one import render_outputs
from psgnews.render.pdf.process import RendererProcess
from psgnews.serve.previews import Preview, located

Done = Callable[[Preview, float], None]  # told of each PDF made or failed, and its seconds


class PdfQueue:
    """One thread feeding one renderer process, newest rendering of each issue only."""

    def __init__(self) -> None:
        # Spawned, not forked: a fresh interpreter, which holds none of this process's threads
        # (whose locks a fork would copy) nor its files (the server's listening socket).
        self._renderer = RendererProcess(spawn=True)
        self._waiting: dict[int, tuple[Preview, Path]] = {}
        self._wake = threading.Condition()
        self._closed = False
        self._done: Done = lambda preview, seconds: None
        self._thread = threading.Thread(target=self._run, name="psgnews-pdf", daemon=True)

    def start(self, done: Done) -> None:
        """Start making PDFs; tell `done` of each."""
        self._done = done
        self._thread.start()

    def submit(self, preview: Preview, root: Path) -> None:
        """Make `preview`'s PDF (its issue loaded from `root`) when the renderer is free."""
        with self._wake:
            replaced = self._waiting.get(preview.number)
            self._waiting[preview.number] = (preview, root)
            self._wake.notify()
        if replaced is not None:
            replaced[0].pdf_done.set()  # superseded: its waiters move on to the newer rendering

    def close(self) -> None:
        """Stop the renderer, whatever it is doing."""
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._renderer.close()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._waiting or self._closed)
                if self._closed:
                    return
                preview, root = self._waiting.pop(next(iter(self._waiting)))
            start = time.perf_counter()
            self._make(preview, root)
            preview.pdf_done.set()
            if self._closed:  # stopped while rendering: nothing to tell
                return
            self._done(preview, time.perf_counter() - start)

    def _make(self, preview: Preview, root: Path) -> None:
        assert preview.issue is not None
        try:
            made = render_outputs(preview.issue, root, ["pdf"], pdf_renderer=self._renderer)
            preview.pdf = made[preview.pdf_name]
        except Exception as e:
            preview.pdf_errors = located(e)
        with self._wake:
            if self._renderer.stopped and not self._closed:  # killed, or out of memory
                self._renderer = RendererProcess(spawn=True)
