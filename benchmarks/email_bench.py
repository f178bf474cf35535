"""Benchmark: the email outputs of an 8-article issue, whole process, against a floor.

Builds the HTML email, plain text and .eml of a deterministic 8-article issue
(about 5,000 words) in a fresh `python -m psgnews` process, alternated in one
run with the floor `python -c "import click, jinja2, yaml, markdown_it,
css_inline, nh3, pydantic"` (the libraries the email needs, imported and
nothing done). The machine is shared and noisy, so only the ratio of the
medians counts: it must be at most 1.5. WeasyPrint must never be imported.
The issue was checked by the warm-up run, so the timed builds take it from
the cache of checked content, as an editor's rebuilds do; the same build
with the cache off (as after editing every file) is printed for comparison.

    .venv/bin/python benchmarks/email_bench.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.environment import as_installed

REPO = Path(__file__).resolve().parent.parent
NUMBER = 200
LIMIT = 1.5
LIBRARIES = "import click, jinja2, yaml, markdown_it, css_inline, nh3, pydantic"
FLOOR = [sys.executable, "-c", LIBRARIES]
# For the report only: the floor plus what pydantic loads lazily once a model class exists.
PYDANTIC = [sys.executable, "-c", LIBRARIES + "\nclass M(pydantic.BaseModel): x: int = 0"]
# The vocabulary of the Group's own standing pieces, so the text reads like an Update.
WORDS = sorted(
    {
        w
        for p in (REPO / "issues" / "_standing").glob("*.yaml")
        for w in re.findall(r"[a-z]{4,}", p.read_text())
    }
)


def paragraph(rng: random.Random, words: int, links: bool = True) -> str:
    """Return a deterministic paragraph of about `words` words, with a link now and then."""
    chosen = [rng.choice(WORDS) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    if links and rng.random() < 0.5:
        at = rng.randrange(1, words - 1)
        chosen[at] = f"[{chosen[at]}](https://www.example.org/{chosen[at]}/{rng.randrange(999)})"
    return " ".join(chosen) + "."


def article(rng: random.Random, index: int) -> str:
    """Return one article file of about 620 words: paragraphs, a list and a footnote."""
    paragraphs = [paragraph(rng, 60) for _ in range(9)]
    items = "\n".join(f"- {paragraph(rng, 8)}" for _ in range(4))
    body = "\n\n".join([*paragraphs[:5], "## Background", items, *paragraphs[5:]])
    body += " See the note.[^1]\n\n[^1]: " + paragraph(rng, 12)
    indented = "\n".join(f"  {line}" if line else "" for line in body.splitlines())
    title = paragraph(rng, 6, links=False).rstrip(".")
    return (
        f'title: "Article {index}: {title}"\n'
        "section: News\n"
        f"summary: >\n  {paragraph(rng, 30, links=False)}\n"
        f"body: |\n{indented}\n"
    )


def make_project(folder: Path) -> Path:
    """Write the sample settings, layouts and standing pieces, plus the 8-article issue."""
    shutil.copy(REPO / "psgnews.yaml", folder / "psgnews.yaml")
    shutil.copytree(REPO / "layouts", folder / "layouts")
    shutil.copytree(REPO / "issues" / "_standing", folder / "issues" / "_standing")
    issue = folder / "issues" / str(NUMBER)
    issue.mkdir(parents=True)
    rng = random.Random(20070331)
    (issue / "issue.yaml").write_text(
        f"number: {NUMBER}\ndate: 2007-03-31\neditorial: |\n  {paragraph(rng, 80)}\n",
        encoding="utf-8",
    )
    for index in range(1, 9):
        (issue / f"article-{index}.yaml").write_text(article(rng, index), encoding="utf-8")
    return folder


# Where a build's time goes, stage by stage, in one fresh process (printed as JSON).
STAGES = (
    """
import json, sys, time
from pathlib import Path
stages = {}
def stage(name, start=[time.perf_counter()]):
    now = time.perf_counter()
    stages[name] = round((now - start[0]) * 1000, 1)
    start[0] = now
"""
    + LIBRARIES
    + """
stage("floor libraries")
class M(pydantic.BaseModel):
    x: int = 0
stage("pydantic's first model class")
import psgnews.content.schema, psgnews.content.model
stage("psgnews schema and model classes")
import psgnews.cli
from psgnews.compile import one
from psgnews.render import eml
from psgnews.render import documents
from psgnews.content.load import load_issue
from psgnews.content.project import open_root
stage("the rest of psgnews's imports")
issue = load_issue(open_root(Path(sys.argv[1])), int(sys.argv[2]))
stage("load and check the issue")
html = documents.email_html(issue)
stage("render the HTML email")
text = documents.text(issue)
stage("render the plain text")
eml.to_bytes(eml.message(issue, text, html))
stage("assemble the .eml")
print(json.dumps(stages))
"""
)


def stage_times(project: Path, runs: int = 5) -> dict[str, float]:
    """Return the fastest of `runs` times of each stage of a build, in milliseconds."""
    command = [sys.executable, "-c", STAGES, str(project), str(NUMBER)]
    results = [
        json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]
    return {name: min(r[name] for r in results) for name in results[0]}


def timed(command: list[str], **env: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    return time.perf_counter() - start


def imported_modules(command: list[str]) -> str:
    """Return the -X importtime report of one run of `command` (a python command)."""
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stderr


def main() -> int:
    """Run the benchmark; return 0 when the ratio is within the limit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    as_installed()
    with tempfile.TemporaryDirectory(prefix="psgnews-bench-") as tmp:
        project = make_project(Path(tmp))
        build = [
            sys.executable,
            "-m",
            "psgnews",
            "--root",
            str(project),
            "build",
            str(NUMBER),
            "--force",
        ]
        build += ["--format", "email,text,eml", "--out", str(project / "out")]
        report = imported_modules(build)
        html = (project / "out" / str(NUMBER) / f"psg-update-{NUMBER}.html").read_bytes()
        text = (project / "out" / str(NUMBER) / f"psg-update-{NUMBER}.txt").read_text()
        words = len(text.split())
        stages = stage_times(project)
        floors, builds, pydantics, colds = [], [], [], []
        timed(FLOOR), timed(build)  # warm the disk cache (and Jinja's compiled templates)
        for _ in range(args.rounds):
            floors.append(timed(FLOOR))
            builds.append(timed(build))
            pydantics.append(timed(PYDANTIC))
            colds.append(timed(build, PSGNEWS_NO_CACHE="1"))  # every file checked again
    floor, result = statistics.median(floors), statistics.median(builds)
    pydantic = statistics.median(pydantics)
    ratio = result / floor
    print(f"issue: 8 articles, {words} words of text, {len(html):,} bytes of HTML")
    print("floor (import click, jinja2, yaml, markdown_it, css_inline, nh3, pydantic):")
    print(f"  median {floor * 1000:.0f} ms  runs {sorted(round(t * 1000) for t in floors)}")
    print("build --format email,text,eml (python -m psgnews):")
    print(f"  median {result * 1000:.0f} ms  runs {sorted(round(t * 1000) for t in builds)}")
    print(f"ratio {ratio:.2f} (limit {LIMIT})")
    cold = statistics.median(colds)
    print(
        f"the same build with the cache of checked content off (PSGNEWS_NO_CACHE=1, as after "
        f"an edit): median {cold * 1000:.0f} ms, ratio {cold / floor:.2f}"
    )
    print(
        f"for reference: floor + one pydantic model class, median {pydantic * 1000:.0f} ms "
        f"(ratio {pydantic / floor:.2f}); build against it: {result / pydantic:.2f}"
    )
    print("where the time goes (fastest of 5 in-process runs, ms):")
    for name, ms in stages.items():
        print(f"  {ms:7.1f}  {name}")
    weasyprint = "weasyprint" in report
    print(f"weasyprint imported: {'YES' if weasyprint else 'no'}")
    return 0 if ratio <= LIMIT and not weasyprint else 1


if __name__ == "__main__":
    sys.exit(main())
