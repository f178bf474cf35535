"""The print-ready PDF. The only module that imports WeasyPrint."""

from __future__ import annotations

import datetime
import functools
import io
import logging
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

import weasyprint
import weasyprint.layout
import weasyprint.layout.block
from fontTools.ttLib import TTFont
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from psgnews.content import htmltree, imagecheck, sandbox
from psgnews.core.errors import RenderError, UnreadableFileError, printable
from psgnews.core.formats import PDF_VARIANTS
from psgnews.core.readfile import read_regular
from psgnews.render.pdf import fit, limits, sources
from psgnews.render.pdf.printjob import PrintJob

if TYPE_CHECKING:
    from psgnews.content.model import Issue

VARIANTS = PDF_VARIANTS
DEFAULT_VARIANT = PDF_VARIANTS[0]
TIMEOUT = 300.0
# The most memory (data, as RLIMIT_DATA counts it) one render may add to its process: a
# sample issue's render adds about 50 MB; a 40 × 12,000 table drove one past 5.6 GB.
MEMORY_LIMIT = 2 * 2**30
PASSES = 4  # layouts of one issue at most: the first, and three after second looks (fit)
VIRTUAL_ROOT = "/psgnews-root"
PRINT_MARKS = "@page { bleed: 3mm; marks: crop; }"
RASTER = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff")


class _Stop(FatalURLFetchingError):  # type: ignore[misc]
    """Carry a psgnews error out of WeasyPrint, which lets only fatal fetch errors through."""

    def __init__(self, error: RenderError) -> None:
        super().__init__(str(error))
        self.error = error


class IssueFetcher(URLFetcher):  # type: ignore[misc]
    """Serve only files inside the issue's folder and layouts, and data: URLs; refuse the rest."""

    def __init__(self, job: PrintJob) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.job = job
        self.allowed = (job.folder, *job.layout_dirs)
        self.used: list[str] = []  # the issue's images it served, by name from the root

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            path = sandbox.resolve(self._real(url), self.allowed)
        except sandbox.Refused as e:
            raise _Stop(RenderError(f"{self._owner(url)}: {e}")) from None
        if path is None:
            response = super().fetch(url, headers)
            data = response.read()
            if response.content_type.startswith("image/") and "svg" not in response.content_type:
                self._check_pixels(url, data)
            return URLFetcherResponse(url, data, headers=response.headers)
        if path.is_relative_to(self.job.folder.resolve()):
            name = self._issue_file(url, path)
            headers = {"Content-Type": sources.mime_type(path.name)}
            return URLFetcherResponse(url, self.job.copies[name], headers=headers)
        try:  # resolved and checked above; read without following what may replace it since
            data = read_regular(path, sandbox.MAX_BYTES)
        except (OSError, UnreadableFileError) as e:
            raise _Stop(RenderError(f"{self._owner(url)}: {e}")) from None
        if data[:4] == b"wOFF":
            data = _woff_to_ttf(data)
        if path.suffix.lower() in RASTER:
            self._check_pixels(url, data)
        headers = {"Content-Type": sources.mime_type(path.name)}
        return URLFetcherResponse(url, data, headers=headers)

    def _issue_file(self, url: str, path: Path) -> str:
        """Note the issue's file `path` as used and return its name; refuse it unless described."""
        prefix = self.job.folder.relative_to(self.job.root).as_posix()
        name = f"{prefix}/{path.relative_to(self.job.folder.resolve()).as_posix()}"
        if name not in self.job.images:
            why = "not an image the issue's content shows (a layout may use only its own files)"
            raise _Stop(RenderError(f"{self._owner(url)}: {why}"))
        if name not in self.used:
            self.used.append(name)
        return name

    def _real(self, url: str) -> str:
        """Return the file: URL of the real file behind a URL of the virtual root."""
        parts = urlsplit(url)
        if parts.scheme != "file" or not parts.path.startswith(VIRTUAL_ROOT + "/"):
            return url
        path = PurePosixPath(unquote(parts.path.removeprefix(VIRTUAL_ROOT + "/")))
        # layouts/<name>/ is the layout's folder, wherever it lies (the shipped default).
        folders = {folder.name: folder for folder in self.job.layout_dirs}
        if path.parts[:1] == ("layouts",) and len(path.parts) > 2 and path.parts[1] in folders:
            return folders[path.parts[1]].joinpath(*path.parts[2:]).as_uri()
        return (self.job.root / path).as_uri()

    def _check_pixels(self, url: str, data: bytes) -> None:
        """Refuse an image of more pixels than the limit, or one that is not an image."""
        if (why := imagecheck.unreadable(data)) is not None:
            raise _Stop(RenderError(f"{self._owner(url)}: {why}"))

    def _owner(self, url: str) -> str:
        """Return e.g. 'article issues/5/x.yaml, URL "../y.png"' for messages."""
        # Found only when a message needs it: parsing the HTML costs time on every build.
        base = base_url(self.job)
        try:
            found = sandbox.references(htmltree.parse(self.job.html, limit=htmltree.PAGE_DEPTH))
        except htmltree.TooDeep:  # a layout's nesting: the message names the layout
            found = []
        owners = {urljoin(base, u): (o, u) for o, _, u in found}
        owner, written = owners.get(url, ("", url))
        where = self.job.owners.get(owner, self.job.layout)
        shown = written if len(written) <= 80 else written[:60] + "…"
        return f'issue {self.job.number}, {where}, URL "{shown}"'


class _NotesStayContext(weasyprint.layout.LayoutContext):  # type: ignore[misc]
    """WeasyPrint's layout state, but never putting off a placed note to make room for a line.

    When a paragraph's next line does not fit and orphans or widows forbid the
    break, WeasyPrint 70 moves notes already set at the page's foot to the next
    page, to make room, away from their calls ("footnote-policy: line" is not
    consulted). It skips this inside columns; so, to that one question asked by
    the line layout, this context answers that it is in a column, and the
    paragraph moves to the next page whole instead, which is what fit.py's second
    look did at the cost of a second layout.
    """

    _line_layout = weasyprint.layout.block._linebox_layout.__code__

    @property
    def in_column(self) -> bool:
        if sys._getframe(1).f_code is self._line_layout:
            return True
        return bool(self.__dict__.get("_in_column", False))

    @in_column.setter
    def in_column(self, value: bool) -> None:
        self.__dict__["_in_column"] = value


weasyprint.document.LayoutContext = _NotesStayContext


@functools.lru_cache(maxsize=16)
def _woff_to_ttf(data: bytes) -> bytes:
    """Return a WOFF font as TrueType, keeping its timestamp.

    WeasyPrint's own conversion stamps the font with the current time, and the
    stamp ends up in the PDF: converting here keeps rebuilds byte-identical.
    """
    out = io.BytesIO()
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    font.flavor = None
    font.save(out)
    return out.getvalue()


def base_url(job: PrintJob) -> str:
    """Return the URL relative links of the print HTML start from: the issue's folder.

    It names the folder under a fixed virtual root, not where the root lies on this
    machine: WeasyPrint names images after their URL, and the PDF must be the same
    wherever it is built.
    """
    return f"file://{VIRTUAL_ROOT}/{job.folder.relative_to(job.root).as_posix()}/"


@functools.cache
def shared_fonts() -> FontConfiguration:
    """Return this process's font configuration, so each worker loads the layout's fonts once."""
    return FontConfiguration()


def render(
    issue: Issue,
    html: str,
    root: Path,
    *,
    variant: str = DEFAULT_VARIANT,
    print_marks: bool = False,
    fonts: FontConfiguration | None = None,
    timeout: float = TIMEOUT,
) -> bytes:
    """Return the PDF of `html`, the print HTML of `issue` loaded from `root`, sources attached."""
    job = PrintJob.of(issue, html, root, variant, print_marks)
    return render_job(job, fonts=fonts, timeout=timeout)


def render_job(
    job: PrintJob, *, fonts: FontConfiguration | None = None, timeout: float = TIMEOUT
) -> bytes:
    """Return the PDF `job` asks for, with the issue's sources attached."""
    if job.variant not in VARIANTS:
        choices = ", ".join(VARIANTS)
        raise RenderError(f"unknown PDF variant {job.variant!r} (choose from {choices})")
    fetcher = IssueFetcher(job)
    options: dict[str, Any] = {"pdf_variant": None if job.variant == "none" else job.variant}
    stylesheets = [weasyprint.CSS(string=PRINT_MARKS)] if job.print_marks else []
    document = weasyprint.HTML(string=job.html, base_url=base_url(job), url_fetcher=fetcher)
    with (
        _errors_fail() as errors,
        limits.time_limit(timeout, job.number),
        limits.memory_limit(MEMORY_LIMIT, job.number),
    ):
        try:
            laid_out = document.render(font_config=fonts, stylesheets=stylesheets, **options)
            for _ in range(PASSES - 1):
                if not fit.adjust(laid_out.pages, document.etree_element):
                    break
                html = fit.document_html(document.etree_element)
                document = weasyprint.HTML(string=html, base_url=base_url(job), url_fetcher=fetcher)
                laid_out = document.render(font_config=fonts, stylesheets=stylesheets, **options)
            fit.finish(laid_out.pages)
            attachments = _attachments(job, fetcher)
            with warnings.catch_warnings():
                # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it.
                warnings.filterwarnings("ignore", ".*sRGB2014.icc", ResourceWarning)
                pdf = laid_out.write_pdf(attachments=attachments, **options)
        except _Stop as e:
            raise e.error from None
        except RecursionError:
            why = "the print HTML nests elements too deeply for the PDF renderer"
            raise RenderError(f"issue {job.number}, {job.layout}: {why}") from None
    if errors:
        said = "; ".join(map(printable, errors))  # one line: a character may break it (U+2028)
        raise RenderError(f"issue {job.number}: the PDF renderer reported: {said}")
    return bytes(pdf)


class _SourceFetcher(URLFetcher):  # type: ignore[misc]
    """Serve the issue's source files to WeasyPrint's attachments, with fixed media types."""

    def __init__(self, files: list[sources.Source]) -> None:
        super().__init__(fail_on_errors=True)
        self.files = {f"psgnews-source:{f.name}": f for f in files}

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        source = self.files[url]
        return URLFetcherResponse(url, source.data, headers={"Content-Type": source.mime_type})


def _attachments(job: PrintJob, fetcher: IssueFetcher) -> list[weasyprint.Attachment]:
    """Return the issue's sources as PDF/A-3 "Source" attachments, dated by the issue."""
    # Dated by the issue, not the build: a rebuild must give the same bytes.
    stamp = datetime.datetime.combine(job.date, datetime.time(12), datetime.UTC)
    files = sources.files(job, fetcher.used)
    source_fetcher = _SourceFetcher(files)
    return [
        weasyprint.Attachment(
            url=f"psgnews-source:{source.name}",
            url_fetcher=source_fetcher,
            name=source.name,
            description=source.description,
            created=stamp,
            modified=stamp,
            relationship="Source",
        )
        for source in files
    ]


@contextmanager
def _errors_fail() -> Iterator[list[str]]:
    """Collect every warning and error WeasyPrint logs, so the build fails on them.

    Warnings count too: an unloadable font face or an ignored CSS rule is only a
    warning to WeasyPrint, but makes a PDF that differs from the intended one.
    """
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield errors
    finally:
        logger.removeHandler(handler)
