"""The print-ready PDF. The only module that imports WeasyPrint."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from psgnews.errors import RenderError
from psgnews.model import Issue


class RefusedURLError(FatalURLFetchingError):  # type: ignore[misc]
    """A URL that points outside the issue's folder and its layouts."""


class IssueFetcher(URLFetcher):  # type: ignore[misc]
    """Serve only files inside `allowed` folders, and data: URLs; refuse everything else."""

    def __init__(self, allowed: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.allowed = tuple(folder.resolve() for folder in allowed)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not any(path.is_relative_to(folder) for folder in self.allowed):
            raise RefusedURLError(f"refused {url}: only files inside the issue and its layouts")
        if not path.is_file():
            raise RefusedURLError(f"no file {path}")
        return URLFetcherResponse(url, path.read_bytes())


def font_configuration() -> Any:
    """Return a new font configuration, to be shared by the renders of one worker process."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render(issue: Issue, html: str, fonts: Any = None) -> bytes:
    """Return the PDF of `html`, the issue's print HTML (reusing `fonts` when given)."""
    fetcher = IssueFetcher((issue.folder, *issue.layout_dirs))
    document = weasyprint.HTML(
        string=html, base_url=issue.folder.as_uri() + "/", url_fetcher=fetcher
    )
    with _errors_fail() as errors:
        try:
            pdf = document.write_pdf(font_config=fonts)
        except FatalURLFetchingError as e:
            raise RenderError(f"issue {issue.number}: {e.__cause__ or e}") from e
    if errors:
        raise RenderError(f"issue {issue.number}: the PDF renderer reported: " + "; ".join(errors))
    return bytes(pdf)


@contextmanager
def _errors_fail() -> Iterator[list[str]]:
    """Collect every error WeasyPrint logs, so the build can fail instead of rendering around it."""
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(record.getMessage())

    handler = Collect(level=logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield errors
    finally:
        logger.removeHandler(handler)
