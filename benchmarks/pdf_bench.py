"""Benchmark: `psgnews build N --format pdf` against the bare `weasyprint` command.

Generates a deterministic 8-article issue of about 5,000 words in a temporary
project, writes its print HTML to a file, then times, alternately in one run,
the two commands as fresh processes (each pays Python start-up and the
WeasyPrint import): the ratio of their medians is what psgnews adds.

    .venv/bin/python benchmarks/pdf_bench.py [--pairs 7]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.environment import as_installed

REPO = Path(__file__).resolve().parent.parent
NUMBER = 900
WORDS = tuple(
    "the a of and to in community rights water mining reparations congress region "  # noqa: SIM905
    "report government people organisation support development policy local national "
    "human environment justice council commission recommendations investigation "
    "participation indigenous agreement evidence decision public members process".split()
)


def paragraph(rng: random.Random, words: int) -> str:
    """Return a paragraph of `words` words from the fixed vocabulary."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article(rng: random.Random, index: int) -> str:
    """Return one article file of about 620 words, with a heading and a footnote."""
    paragraphs = [paragraph(rng, 85) for _ in range(7)]
    paragraphs.insert(3, f"## Part two of article {index}")
    paragraphs[1] += "[^1]"
    body = "\n\n".join(paragraphs) + "\n\n[^1]: A note of the benchmark text.\n"
    return (
        f'title: "Benchmark article {index}: {paragraph(rng, 6)[:-1]}"\n'
        "section: News\n"
        f"summary: {paragraph(rng, 25)}\n"
        f"tags: [benchmark, a{index}]\n"
        "body: |\n" + "".join(f"  {line}\n" if line else "\n" for line in body.splitlines())
    )


def make_project(root: Path) -> Path:
    """Write the benchmark project (settings, standing pieces, layouts, issue) under `root`."""
    shutil.copy(REPO / "psgnews.yaml", root / "psgnews.yaml")
    shutil.copytree(REPO / "issues" / "_standing", root / "issues" / "_standing")
    shutil.copytree(REPO / "layouts", root / "layouts")
    folder = root / "issues" / str(NUMBER)
    folder.mkdir()
    rng = random.Random(119)
    names = [f"article-{i}" for i in range(1, 9)]
    for i, name in enumerate(names, 1):
        (folder / f"{name}.yaml").write_text(article(rng, i), encoding="utf-8")
    (folder / "issue.yaml").write_text(
        f"number: {NUMBER}\ndate: 2007-03-31\norder: [{', '.join(names)}]\n", encoding="utf-8"
    )
    return folder


def print_html(root: Path) -> str:
    """Return the issue's print HTML, as psgnews renders it."""
    from psgnews.content.load import load_issue
    from psgnews.content.project import open_root
    from psgnews.render import documents

    return documents.print_html(load_issue(open_root(root), NUMBER))


def in_process(root: Path, pairs: int) -> tuple[list[float], list[float]]:
    """Return the seconds of weasy.render and of WeasyPrint alone, in one warm process.

    This leaves out both programs' start-up, to show what psgnews adds to the PDF work
    itself (the fetcher's checks, the attachments, the fonts converted once).
    """
    import weasyprint

    from psgnews.content.load import load_issue
    from psgnews.content.project import open_root
    from psgnews.render import documents
    from psgnews.render.pdf import weasy

    issue = load_issue(open_root(root), NUMBER)
    html = documents.print_html(issue)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(pairs):
        weasy._woff_to_ttf.cache_clear()  # each render converts its fonts, as WeasyPrint does
        start = time.perf_counter()
        weasy.render(issue, html, root)
        middle = time.perf_counter()
        folder = root / issue.folder_name
        document = weasyprint.HTML(string=html, base_url=folder.as_uri() + "/")
        document.write_pdf(pdf_variant="pdf/a-3b")
        ours.append(middle - start)
        theirs.append(time.perf_counter() - middle)
    return ours, theirs


def timed(command: list[str]) -> float:
    """Return the seconds `command` takes; fail loudly if it fails."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    """Run the pairs and print the medians, the ratio, pages and seconds per page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="alternated pairs (at least 5)")
    pairs = max(5, parser.parse_args().pairs)
    as_installed()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = make_project(root)
        html = folder / "print.html"
        html.write_text(print_html(root), encoding="utf-8")
        words = sum(len(p.read_text().split()) for p in folder.glob("article-*.yaml"))
        psgnews = [str(bin_dir / "psgnews"), "--root", tmp, "build", str(NUMBER), "--force"]
        psgnews += ["--format", "pdf", "--out", f"{tmp}/out"]
        bare = [str(bin_dir / "weasyprint"), "--pdf-variant", "pdf/a-3b"]
        bare += ["--base-url", folder.as_uri() + "/", str(html), f"{tmp}/bare.pdf"]
        ours: list[float] = []
        theirs: list[float] = []
        timed(psgnews), timed(bare)  # warm once: the file cache, and the bytecode of psgnews
        for _ in range(pairs):
            ours.append(timed(psgnews))
            theirs.append(timed(bare))
        start_up = [timed([str(bin_dir / "psgnews"), "--version"]) for _ in range(pairs)]
        warm_ours, warm_theirs = in_process(root, pairs)
        from pypdf import PdfReader

        pages = len(PdfReader(f"{tmp}/out/{NUMBER}/psg-update-{NUMBER}.pdf").pages)
        bare_pages = len(PdfReader(f"{tmp}/bare.pdf").pages)
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    print(f"issue: 8 articles, about {words} words, {pages} pages (bare: {bare_pages})")
    print(f"psgnews build --format pdf: median {ours_median:.3f} s of {pairs}: {_list(ours)}")
    print(f"bare weasyprint:           median {theirs_median:.3f} s of {pairs}: {_list(theirs)}")
    print(f"ratio: {ours_median / theirs_median:.3f} (target <= 1.05)")
    print(f"seconds per page: psgnews {ours_median / pages:.3f}, bare {theirs_median / pages:.3f}")
    warm = statistics.median(warm_ours) / statistics.median(warm_theirs)
    print(
        f"in one warm process: weasy.render median {statistics.median(warm_ours):.3f} s, "
        f"WeasyPrint alone {statistics.median(warm_theirs):.3f} s, ratio {warm:.3f}"
    )
    print(f"psgnews --version (start-up alone): median {statistics.median(start_up):.3f} s")


def _list(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    main()
