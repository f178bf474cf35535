"""The output commands: `build` issues (and the web archive), `extract` the sources in a PDF."""

from __future__ import annotations

import contextlib
import os
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from psgnews.cli.common import IssueList, numbers_of, project, shown
from psgnews.core.formats import FORMATS, PDF_VARIANTS

if TYPE_CHECKING:
    from psgnews.content.project import Root
    from psgnews.render.pdf.process import PdfRenderer


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    formats = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"choose from {','.join(FORMATS)} (got {value!r})")
    return formats


def _cpus() -> int:
    """Return the number of CPUs this process may use: the default of --jobs."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@click.command("build", short_help="Build issues into build/N/; with --all, the web archive too.")
@click.argument("issues", nargs=-1, type=IssueList())
@click.option("--all", "every", is_flag=True, help="Build every issue.")
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    callback=_formats,
    metavar="FORMATS",
    help=f"Outputs to build, comma-separated, any of: {', '.join(FORMATS)}.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Put the N/ output folders and web/ here instead of build/.",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    default=PDF_VARIANTS[0],
    show_default=True,
    help="The PDF's standard: PDF/A-3b for the archive, PDF/UA-1 (tagged), or none.",
)
@click.option("--print-marks", is_flag=True, help="Add 3 mm bleed and crop marks for a print shop.")
@click.option(
    "--attach-pdf",
    is_flag=True,
    help="Also write a -pdf.eml beside the .eml: a short note with the PDF attached.",
)
@click.option(
    "--allow-clipping",
    is_flag=True,
    help="Build an HTML email over 102 KB, which Gmail clips (otherwise an error).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=_cpus(),
    show_default="the number of CPUs",
    help="Issues built at once, each in its own worker process.",
)
@click.option("--force", is_flag=True, help="Rebuild issues whose outputs are up to date.")
@click.option(
    "--web/--no-web",
    default=None,
    help="Update the web archive in build/web/ (default: with --all only).",
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@click.pass_context
def build_command(
    ctx: click.Context,
    /,
    issues: list[list[int]],
    every: bool,
    pdf_variant: str,
    print_marks: bool,
    attach_pdf: bool,
    allow_clipping: bool,
    formats: list[str],
    out: Path | None,
    jobs: int,
    force: bool,
    web: bool | None,
    quiet: bool,
) -> None:
    """Build ISSUES (e.g. 119, 117-119, or --all) into build/N/; with --all, also build/web/.

    Issues whose sources, layouts and settings have not changed since their last
    build are skipped (--force rebuilds them); one failing issue does not stop
    the others, and every failure is listed at the end.
    """
    from psgnews.core.formats import needs_pdf

    one_by_one = jobs == 1 or len(numbers_of(issues)) == 1
    # Started first, so that WeasyPrint's import runs while this process imports the rest.
    with _renderer(needs_pdf(formats, attach_pdf) and one_by_one) as pdf_renderer:
        from psgnews.cli.progress import Progress
        from psgnews.compile import one, pipeline
        from psgnews.compile.many import BuildRequest

        root = project(ctx)
        numbers = _asked_for(root, issues, every)
        options = one.BuildOptions(pdf_variant, print_marks, attach_pdf, allow_clipping)
        # An editor building one issue is not publishing the archive.
        publish = every if web is None else web
        request = BuildRequest(tuple(numbers), tuple(formats), options, out, jobs, force, publish)
        progress = Progress(numbers, jobs, quiet=quiet, show=shown)
        pipeline.build(root, request, progress, pdf_renderer=pdf_renderer)


def _renderer(needed: bool) -> AbstractContextManager[PdfRenderer | None]:
    """Return the context of the early-started PDF renderer, if `needed`; else of none."""
    if not needed:
        return contextlib.nullcontext()  # and its module is not imported: email builds start sooner
    from psgnews.render.pdf import process

    return process.started(needed)


def _asked_for(root: Root, issues: list[list[int]], every: bool) -> list[int]:
    """Return the issue numbers asked for, each of them an issue of the project."""
    if every == bool(issues):
        raise click.UsageError("name the issues to build (e.g. 119 or 117-119), or give --all")
    if every:
        return root.issue_numbers()
    numbers = numbers_of(issues)
    root.require_issues(numbers)
    return numbers


@click.command("extract", short_help="Recover an issue's sources from its PDF.")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def extract_command(ctx: click.Context, pdf: Path, folder: Path) -> None:
    """Recover the sources inside PDF as a new project root FOLDER that `build` accepts.

    The PDF carries psgnews.yaml, the issue's YAML files, its standing pieces and
    images; the layouts are copied from the current project (see --root).
    """
    from psgnews.render.pdf import extract

    layouts = project(ctx).path / "layouts"
    for path in extract.extract(pdf, folder, layouts):
        click.echo(shown(path))
