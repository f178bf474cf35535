"""Build a set of issues, then the web archive, reporting progress and every failure at the end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from psgnews.build import fingerprint, many
from psgnews.build.one import BuildOptions
from psgnews.cli.progress import Progress
from psgnews.errors import BuildFailedError, PsgnewsError
from psgnews.project import Root
from psgnews.site import archive as site

if TYPE_CHECKING:
    from psgnews.render.pdf.process import Renderer


def build(
    root: Root,
    numbers: Sequence[int],
    *,
    formats: Sequence[str],
    options: BuildOptions | None = None,
    out: Path | None = None,
    jobs: int = 1,
    force: bool = False,
    web: bool = True,
    quiet: bool = False,
    show: Callable[[Path], str] = str,
    renderer: Renderer | None = None,
) -> list[many.Outcome]:
    """Build `numbers` and (with `web`) the archive; raise BuildFailedError listing every failure.

    The good issues' outputs are written whatever happens to the others; the web
    archive is updated only when every issue built, so it never drops one.
    """
    progress = Progress(numbers, jobs, quiet=quiet, show=show)
    sources = fingerprint.Sources()  # each source file read once, for the issues and the web
    outcomes = many.build_many(
        root,
        numbers,
        formats,
        out,
        jobs=jobs,
        force=force,
        report=progress,
        sources=sources,
        options=options,
        renderer=renderer,
    )
    progress.finish(outcomes)
    failed = [o for o in outcomes if o.status == many.FAILED]
    errors = [_about(o.number, o.error) for o in failed]
    if web and failed:
        errors.append("web archive: not updated, because an issue failed")
    elif web:
        try:
            published = site.publish(root, out, sources)
        except PsgnewsError as e:
            errors.append(f"web archive: not updated: {e}")
        else:
            if not quiet:
                print(_published_line(published, show))
    if errors:
        raise BuildFailedError(_listing(errors, len(failed), len(outcomes)))
    return outcomes


def _about(number: int, error: str) -> str:
    """Return `error` said of issue `number`, once (most errors already name their issue)."""
    return error if error.startswith(f"issue {number}") else f"issue {number}: {error}"


def _published_line(published: site.Published, show: Callable[[Path], str]) -> str:
    where = f"{show(published.folder)}/"
    if published.current:
        return f"web archive: {where} up to date"
    count = len(published.written)
    return f"web archive: {where} ({count} file{'s' if count != 1 else ''} written)"


def _listing(errors: list[str], failed: int, total: int) -> str:
    """Return every error, indented under a line saying how many issues failed."""
    head = f"{failed} of {total} issue{'s' if total != 1 else ''} failed" if failed else "failed"
    body = ["  " + line for error in errors for line in error.splitlines()]
    return "\n".join([f"{head}:", *body])
