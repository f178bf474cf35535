"""Time `psgnews import` of a generated mirror of the old site against a floor measured alike.

The mirror (synthetic/legacy_mirror.py) holds listings, article pages in their
furniture, images and a WordPress export. The floor is what any importer of it
must do: parse every page with the same HTML parser (tinyhtml5, through
`htmltree.parse_page`), the export with the standard library's XML parser and
each post's HTML as a page, and write the same files (the data of each file the
import wrote, dumped with `yamlwrite.dump`, and the image files it copied, read
from the mirror) with `write.write_all`. The import's record is its own overhead. A re-import, which
writes nothing, is timed against the same floor. Then `psgnews build --all` of
the result is timed, and the largest web page's size reported.

    .venv/bin/python benchmarks/import_mirror.py [PAGES] [POSTS] [--disk]

Exits 1 when either ratio is over the limit, or when the re-import wrote a file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from benchmarks.environment import as_installed
from benchmarks.import_listing import MEMORY, REPO, report, timings, written_data
from psgnews.content import htmltree, yamlwrite
from psgnews.content.project import open_root
from psgnews.core.write import write_all
from psgnews.legacy import importer
from synthetic.legacy_mirror import generate

ROUNDS = 3
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def floor_of(top: Path, issues: Path, out: Path, copied: dict[str, Path]) -> Callable[[], None]:
    """Return the floor's action: parse every page and post, write the import's files again.

    `copied` names the mirror's file of each image the import copied, by its path
    under issues/: the floor reads it from the mirror, as any import must.
    """
    data = written_data(issues)
    pages = [p for p in sorted(top.rglob("*")) if p.is_file() and p.suffix not in (".png", ".css")]

    def floor() -> None:
        for path in pages:
            raw = path.read_bytes()
            if path.suffix == ".xml":
                for post in ElementTree.fromstring(raw).iter(CONTENT):
                    htmltree.parse_page(post.text or "")
            elif path.name != "robots.txt":
                htmltree.parse_page(raw.decode("utf-8"))
        files = {name: yamlwrite.dump(d).encode() for name, d in data.items()}
        images = {name: file.read_bytes() for name, file in copied.items()}
        write_all(out, files | images)

    return floor


def build_all(root: Path) -> tuple[float, int, str]:
    """Return the time of `psgnews build --all` (email, text, web) and the largest web page."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "psgnews", "--root", str(root), "build", "--all",
         "--format", "email,text"],
        check=True, capture_output=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    pages = list((root / "build" / "web").rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    return seconds, largest.stat().st_size, largest.relative_to(root / "build" / "web").as_posix()


def main(pages: int, posts: int, disk: bool = False) -> int:
    """Run the benchmark; return 0 when both ratios are within the limit."""
    as_installed()
    memory = None if disk or not MEMORY.is_dir() else MEMORY
    with tempfile.TemporaryDirectory(prefix="psgnews-bench-", dir=memory) as tmp:
        top = generate(pages, posts).write(Path(tmp) / "mirror")
        root_dir = Path(tmp) / "root"
        root_dir.mkdir()
        shutil.copy(REPO / "psgnews.yaml", root_dir / "psgnews.yaml")
        shutil.copytree(REPO / "layouts", root_dir / "layouts")
        shutil.copytree(REPO / "issues" / "_standing", root_dir / "issues" / "_standing")
        root = open_root(root_dir)
        issues, floor_dir = root_dir / "issues", Path(tmp) / "floor"
        first = importer.run_import(root, [top], dry_run=False, force=False, fix=True)
        if first.plan.unread:
            raise SystemExit(f"the mirror has lines not understood: {first.plan.unread[0]}")
        copied = {
            e.file.removeprefix("issues/"): Path(e.page)
            for e in first.plan.account
            if e.became == "image (copied)"
        }
        floor = floor_of(top, issues, floor_dir, copied)
        rewritten: list[int] = []

        def run() -> None:
            done = importer.run_import(root, [top], dry_run=False, force=False, fix=True)
            rewritten.append(len(done.written))

        def before(name: str) -> None:
            if name == "floor":
                shutil.rmtree(floor_dir, ignore_errors=True)
            elif name == "import":  # into issues/ as it was before the import: the standing only
                for path in [*issues.iterdir()]:
                    if path.name != "_standing":
                        shutil.rmtree(path) if path.is_dir() else path.unlink()

        actions: dict[str, Callable[[], object]] = {"floor": floor, "import": run, "re-import": run}
        times = timings(ROUNDS, actions, before)
        seconds, size, page = build_all(root_dir)
        print(f"build --all (email, text, web) of the result: {seconds:.1f} s;"
              f" largest web page {page}, {size / 1024:.0f} KB")  # fmt: skip
        return report(pages, len(first.written), times, sum(rewritten[1::2]), ROUNDS)


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a != "--disk"] + [3000, 500][len(sys.argv[1:]) :]
    sys.exit(main(numbers[0], numbers[1], disk="--disk" in sys.argv))
