"""What `psgnews serve` has rendered, in memory: each issue's outputs, or the errors met.

Nothing is written: the email and text come from `render_outputs` in this
process, the PDF from the warm renderer process (`pdfqueue`), the web archive
from `render_site`. An issue is rendered when first asked for; after a save,
the issues being previewed (watched) are rendered again at once and the open
pages told, the others only forgotten until they are asked for again.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from psgnews.compile.one import render_outputs
from psgnews.content.load import load_issue, load_issues
from psgnews.content.model import Issue
from psgnews.content.news import load_news
from psgnews.content.project import Root, open_root
from psgnews.content.settings import series
from psgnews.core.errors import ContentError, PsgnewsError
from psgnews.serve.events import Events
from psgnews.serve.watcher import Touched
from psgnews.site.archive import render_site

if TYPE_CHECKING:
    from psgnews.serve.pdfqueue import PdfQueue

LOG = logging.getLogger("psgnews.serve")
PARTS = {"html": "email", "txt": "text"}  # what the preview page calls each file
PDF_WAIT = 330.0  # seconds a request waits for a PDF: the renderer's own limit, and some


@dataclass(eq=False)
class Preview:
    """One rendering of an issue: its email and text, its PDF once made, or the errors met."""

    number: int
    version: int
    issue: Issue | None  # None when it could not be loaded
    files: dict[str, bytes]  # the email and the text, by file name
    errors: list[str]
    pdf: bytes | None = None
    pdf_errors: list[str] = field(default_factory=list)
    pdf_asked: bool = False
    pdf_done: threading.Event = field(default_factory=threading.Event)

    @property
    def problems(self) -> list[str]:
        """Return every error met making this rendering, the PDF's included."""
        return [*self.errors, *self.pdf_errors]

    @property
    def pdf_name(self) -> str:
        """Return the PDF's file name, e.g. psg-update-119.pdf (when the issue loaded)."""
        return f"{self.issue.basename}.pdf" if self.issue else ""


def located(error: Exception) -> list[str]:
    """Return an error's lines as the page shows them: each problem `file:line:column: ...`."""
    if isinstance(error, ContentError):
        return [str(problem) for problem in error.problems]
    if isinstance(error, PsgnewsError):
        return str(error).splitlines()
    LOG.error("internal error", exc_info=error)
    return [f"internal error: {error!r} (the traceback is in the terminal)"]


class Previews:
    """Every issue the server has rendered, kept as it is now; safe to use from any thread."""

    def __init__(self, root: Root, pdfs: PdfQueue, events: Events) -> None:
        self._root = root  # the last settings that could be read
        self._settings_errors: list[str] = []
        self._pdfs = pdfs
        self._events = events
        self._lock = threading.RLock()
        self._previews: dict[int, Preview] = {}
        self._watched: set[int] = set()
        self._site: tuple[dict[str, bytes], list[str]] | None = None
        self._version = 0

    def numbers(self) -> list[int]:
        """Return the numbers of the project's issues, as the folders are now."""
        return self._root.issue_numbers()

    def basename(self, number: int) -> str:
        """Return issue `number`'s outputs' file name without extension, e.g. psg-update-119."""
        return f"{series(self._root.config)}-{number}"

    def web_copy(self, number: int, name: str) -> bytes | None:
        """Return copy `name` (from the issue's folder) of an image issue `number` shows, or None.

        The copies the email and the web page show, as the web archive publishes them;
        never an original, which keeps what the camera wrote.
        """
        from psgnews.render import derive

        issue = self.get(number, watch=False).issue
        return derive.web_copies(self._root.path, issue).get(name) if issue else None

    def get(self, number: int, *, watch: bool = True) -> Preview:
        """Return issue `number` as it is now, rendering it if needed; `watch` it from now on."""
        with self._lock:
            if watch and number not in self._watched:
                self._watched.add(number)
                if (kept := self._previews.get(number)) is not None:
                    self._ask_pdf(kept)
            if (preview := self._previews.get(number)) is None:
                preview = self._previews[number] = self._render(number, None)
            return preview

    def with_pdf(self, number: int, *, watch: bool = True) -> Preview:
        """Return issue `number` once its PDF is made (or failed), as it is now."""
        deadline = time.monotonic() + PDF_WAIT
        while True:
            with self._lock:
                preview = self.get(number, watch=watch)
                self._ask_pdf(preview)
            preview.pdf_done.wait(max(0.0, deadline - time.monotonic()))
            with self._lock:
                current = self._previews.get(number) is preview
            if current or time.monotonic() >= deadline:
                return preview

    def site(self) -> tuple[dict[str, bytes], list[str]]:
        """Return the web archive's pages by path under web/, or the errors met making them."""
        with self._lock:
            if self._site is None:
                self._site = self._render_site()
            return self._site

    def states(self) -> dict[str, dict[str, Any]]:
        """Return the state of each watched issue, as an update event tells it, by number."""
        with self._lock:
            watched = [p for n, p in self._previews.items() if n in self._watched]
            return {str(p.number): _state(p) for p in watched}

    def changed(self, touched: Touched) -> None:
        """Forget what `touched` made stale; render the watched issues again and tell the pages."""
        with self._lock:
            if touched.settings:
                self._read_settings()
            self._site = None
            stale = set(self._previews) if touched.everything else touched.issues
            for number in sorted(stale & set(self._previews)):
                old = self._previews.pop(number)
                if number in self._watched:
                    self._previews[number] = self._render(number, old)

    def pdf_made(self, preview: Preview, seconds: float) -> None:
        """Tell the pages that `preview`'s PDF is made, or failed, if it is still current."""
        with self._lock:
            if self._previews.get(preview.number) is not preview:
                return
            parts = ["pdf"] if preview.pdf is not None else []
            self._announce(preview, parts)
        if preview.pdf is not None:
            LOG.info("%d: PDF in %.2f s", preview.number, seconds)
        else:
            LOG.warning("%d: no PDF:\n%s", preview.number, "\n".join(preview.pdf_errors))

    def _read_settings(self) -> None:
        try:
            self._root = open_root(self._root.path)
            self._settings_errors = []
        except Exception as e:
            self._settings_errors = located(e)

    def _render(self, number: int, old: Preview | None) -> Preview:
        """Return issue `number` rendered afresh (or `old` if nothing it is made from changed)."""
        start = time.perf_counter()
        issue, files, errors = None, {}, list(self._settings_errors)
        if not errors:
            try:
                issue = load_issue(self._root, number)
                if old and old.issue and not old.problems and old.issue.digest == issue.digest:
                    return old  # saved unchanged, or a file of no consequence
                files = render_outputs(issue, self._root.path, ["email", "text"])
            except Exception as e:
                errors = located(e)
        self._version += 1
        preview = Preview(number, self._version, issue, files, errors)
        if issue is None:
            preview.pdf_done.set()  # there will be no PDF of this rendering
        elif number in self._watched:
            self._ask_pdf(preview)
        self._announce(preview, _changed_parts(old, preview))
        milliseconds = (time.perf_counter() - start) * 1000
        if errors:
            LOG.warning("%d: %d problem(s):\n%s", number, len(errors), "\n".join(errors))
        else:
            LOG.info("%d: email and text in %.0f ms", number, milliseconds)
        return preview

    def _ask_pdf(self, preview: Preview) -> None:
        if not preview.pdf_asked and preview.issue is not None:
            preview.pdf_asked = True
            self._pdfs.submit(preview, self._root.path)

    def _announce(self, preview: Preview, parts: list[str]) -> None:
        self._events.announce("update", _state(preview) | {"parts": parts})

    def _render_site(self) -> tuple[dict[str, bytes], list[str]]:
        if self._settings_errors:
            return {}, self._settings_errors
        try:
            issues = load_issues(self._root, self.numbers())
            pdfs: dict[int, str | None] = {i.number: f"{i.basename}.pdf" for i in issues}
            return render_site(self._root, issues, pdfs, load_news(self._root)), []
        except Exception as e:
            return {}, located(e)


def _state(preview: Preview) -> dict[str, Any]:
    """Return what a page needs to know of `preview`: its version, errors and PDF."""
    pdf = "ready" if preview.pdf is not None else "rendering" if preview.pdf_asked else "none"
    data = {"issue": preview.number, "version": preview.version, "pdf": pdf}
    return data | {"errors": preview.problems}


def _changed_parts(old: Preview | None, new: Preview) -> list[str]:
    """Return the parts of the page `new` changes: the email or the text, when they differ.

    The email is shown again when an image it shows was replaced, its bytes unchanged.
    """
    kept = old.files if old else {}
    parts = [PARTS[n.rpartition(".")[2]] for n, data in new.files.items() if kept.get(n) != data]
    images = old.issue.images if old and old.issue else ()
    if new.files and new.issue and new.issue.images != images and "email" not in parts:
        parts.append("email")
    return parts
