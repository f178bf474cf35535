"""Run the live preview: render in memory, serve, watch the sources, reload; stop on Ctrl-C."""

from __future__ import annotations

import logging
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from psgnews.content.project import Root
from psgnews.serve import watcher
from psgnews.serve.events import Events
from psgnews.serve.pdfqueue import PdfQueue
from psgnews.serve.previews import Previews
from psgnews.serve.server import PreviewServer

LOG = logging.getLogger("psgnews.serve")


def serve(
    root: Root, number: int, host: str, listening: socket.socket, ready: Callable[[str], None]
) -> None:
    """Serve the preview of issue `number` on `listening` (bound to `host`) until Ctrl-C.

    Or SIGTERM. `ready` is given the preview page's address once the issue is rendered.
    """
    pdfs = PdfQueue()
    try:
        events = Events()
        previews = Previews(root, pdfs, events)
        server = PreviewServer(host, listening, previews, events)
        pdfs.start(previews.pdf_made)
        threading.Thread(target=server.serve_forever, name="psgnews-http", daemon=True).start()

        def start() -> None:  # once the sources are watched: no save is missed
            previews.get(number)
            ready(f"{server.url}{number}/")

        try:
            _follow(root, previews, start)
        finally:
            events.close()
            server.shutdown()
            server.server_close()
    finally:
        pdfs.close()


def _follow(root: Root, previews: Previews, started: Callable[[], None]) -> None:
    """Call `started` once watching, then rebuild what each batch of saves touched.

    Until Ctrl-C or SIGTERM.
    """
    stop = threading.Event()
    with _stop_on_sigterm(stop):
        try:
            for touched in watcher.batches(root.path, stop, started):
                try:
                    previews.changed(touched)
                except Exception as e:  # a bug: say so, and keep serving
                    LOG.error("internal error after a save", exc_info=e)
        except KeyboardInterrupt:
            pass


@contextmanager
def _stop_on_sigterm(stop: threading.Event) -> Iterator[None]:
    """Have SIGTERM end the watching as Ctrl-C does, so everything is stopped in order."""
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
