"""Build a set of issues, then the web archive, reporting progress and every failure at the end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from psgnews.compile import many
from psgnews.compile.many import BuildRequest, IssueResult
from psgnews.content.project import Root
from psgnews.core import fingerprint
from psgnews.core.errors import BuildFailedError, PsgnewsError

if TYPE_CHECKING:
    from psgnews.render.pdf.process import PdfRenderer
    from psgnews.site import archive as site


class Progress(Protocol):
    """What a build tells its caller as it goes (the command line shows it)."""

    def __call__(self, result: IssueResult) -> None:
        """Take one issue's result, as soon as it is known."""

    def finish(self, results: Sequence[IssueResult]) -> None:
        """Take every issue's result, before the web archive is published."""

    def published(self, published: site.Published) -> None:
        """Take what publishing the web archive did."""


class Silent:
    """Progress that takes everything and shows nothing."""

    def __call__(self, result: IssueResult) -> None:
        """Take one issue's result."""

    def finish(self, results: Sequence[IssueResult]) -> None:
        """Take every issue's result."""

    def published(self, published: site.Published) -> None:
        """Take what publishing the web archive did."""


def build(
    root: Root,
    request: BuildRequest,
    progress: Progress | None = None,
    *,
    pdf_renderer: PdfRenderer | None = None,
) -> list[IssueResult]:
    """Build what `request` asks for; raise BuildFailedError listing every failure.

    The good issues' outputs are written whatever happens to the others; the web
    archive (with `request.web`) is updated only when every issue built, so it never
    drops one.
    """
    progress = progress or Silent()
    sources = fingerprint.SourceDigests()  # each source file read once, for the issues and the web
    results = many.build_many(
        root, request, report=progress, sources=sources, pdf_renderer=pdf_renderer
    )
    progress.finish(results)
    failed = [r for r in results if r.status == many.FAILED]
    errors = [_about(r.number, r.error) for r in failed]
    if request.web and failed:
        errors.append("web archive: not updated, because an issue failed")
    elif request.web:
        from psgnews.site import archive as site  # here: a build of one issue's email needs none

        try:
            published = site.publish(root, request.out, sources)
        except PsgnewsError as e:
            errors.append(f"web archive: not updated: {e}")
        else:
            progress.published(published)
    if errors:
        raise BuildFailedError(_listing(errors, len(failed), len(results)))
    return results


def _about(number: int, error: str) -> str:
    """Return `error` said of issue `number`, once (most errors already name their issue)."""
    return error if error.startswith(f"issue {number}") else f"issue {number}: {error}"


def _listing(errors: list[str], failed: int, total: int) -> str:
    """Return every error, indented under a line saying how many issues failed."""
    head = f"{failed} of {total} issue{'s' if total != 1 else ''} failed" if failed else "failed"
    body = ["  " + line for error in errors for line in error.splitlines()]
    return "\n".join([f"{head}:", *body])
