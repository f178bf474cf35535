"""Time `psgnews import` of the generated pages of every shape against a floor measured alike.

The floor is what any importer must do: read the pages and write the
same files atomically. It parses every page with `read_listing`, dumps with
`yamlwrite.dump` the very data of every file the import wrote (articles,
briefings, series items, standing pieces, issue.yaml; each checked to give the same bytes),
and writes them all with `write.write_all` (temp file, fsync, rename). Only the
import's own record, issues/_imported.yaml, is left out of the floor: it counts
as the import's overhead. The ratio (import / floor) is what to watch; raw
seconds vary with the shared machine. A re-import, which writes nothing, is
timed against the same floor.

    .venv/bin/python benchmarks/import_listing.py [ITEMS] [--disk]

The pages and files go to a memory file system (/dev/shm) where there is one:
there fsync costs nothing, and the ratio is the import's own work against the
floor's. On this shared machine's disk, fsync is most of the floor and its time
swings by half from one run to the next; `--disk` measures there all the same.

Exits 1 when either ratio is over the limit, or when the re-import wrote a file.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.environment import as_installed
from psgnews.content import yamlwrite
from psgnews.content.project import open_root
from psgnews.core.write import write_all
from psgnews.legacy import importer
from psgnews.legacy.imported import RECORD
from psgnews.legacy.listing import read_listing
from synthetic.legacy_pages import generate

LIMIT = 1.3
ROUNDS = 15
MEMORY = Path("/dev/shm")
REPO = Path(__file__).resolve().parent.parent


def pages(items: int) -> dict[str, str]:
    """Return the pages to import, by file name, holding `items` items in all.

    They are the generated pages of every shape (synthetic/legacy_pages.py),
    text and HTML, with page furniture, captions and copies of items.
    """
    return generate(items=items).pages


def written_data(issues: Path) -> dict[str, Any]:
    """Return the data of each file the import wrote under `issues` (not its record), by path.

    Each is checked to dump to the bytes the import wrote, so that the floor
    writes the same files.
    """
    found: dict[str, Any] = {}
    for path in sorted(issues.rglob("*.yaml")):
        name = path.relative_to(issues).as_posix()
        if name == RECORD:
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if yamlwrite.dump(data).encode() != path.read_bytes():
            raise SystemExit(f"the floor would not write the same bytes as the import: {name}")
        found[name] = data
    return found


def timings(
    runs: int, actions: dict[str, Callable[[], object]], before: Callable[[str], None]
) -> dict[str, list[float]]:
    """Return `runs` timings of each action, each after an untimed `before(name)`, in turn."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):  # in turn, so that a busy spell of the machine slows all alike
        for name, action in actions.items():
            before(name)
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return times


def main(items: int, disk: bool = False) -> int:
    """Run the benchmark; return 0 when both ratios are within the limit."""
    as_installed()
    memory = None if disk or not MEMORY.is_dir() else MEMORY
    with tempfile.TemporaryDirectory(prefix="psgnews-bench-", dir=memory) as tmp:
        print(f"files in {'memory (' + str(memory) + ')' if memory else 'the temporary folder'}")
        files = []
        for name, text in pages(items).items():
            files.append(Path(tmp) / name)
            files[-1].write_text(text, encoding="utf-8")
        root_dir = Path(tmp) / "root"
        root_dir.mkdir()
        shutil.copy(REPO / "psgnews.yaml", root_dir / "psgnews.yaml")
        root = open_root(root_dir)
        issues, floor_dir = root_dir / "issues", Path(tmp) / "floor"
        first = importer.run_import(root, files, dry_run=False, force=False, fix=True)
        if first.plan.unread:
            raise SystemExit(f"the pages have lines not understood: {first.plan.unread[0]}")
        data = written_data(issues)

        def floor() -> None:
            for path in files:
                read_listing(path, path.name)
            write_all(floor_dir, {name: yamlwrite.dump(d).encode() for name, d in data.items()})

        rewritten: list[int] = []

        def run() -> None:
            done = importer.run_import(root, files, dry_run=False, force=False, fix=True)
            rewritten.append(len(done.written))

        def before(name: str) -> None:
            if name != "re-import":  # the import and the floor write into an empty folder
                shutil.rmtree(floor_dir if name == "floor" else issues, ignore_errors=True)

        times = timings(ROUNDS, {"floor": floor, "import": run, "re-import": run}, before)
    return report(items, len(data), times, sum(rewritten[1::2]))


def report(
    items: int, files: int, times: dict[str, list[float]], rewritten: int, rounds: int = ROUNDS
) -> int:
    """Print the figures; return 0 when both ratios are in the limit and nothing was rewritten.

    A ratio is the median, over the rounds, of a run's time against the floor's
    just before it: the floor is mostly fsync, whose time swings on a shared
    disk from one second to the next, so each run is set against its neighbour.
    """
    floors = times["floor"]
    ratios = {
        name: statistics.median(t / f for t, f in zip(times[name], floors, strict=True))
        for name in ("import", "re-import")
    }
    print(f"{items} items, {files} files ({rounds} rounds; fastest and median ratio):")
    print(f"  floor      {min(floors):.3f} s (read the pages; dump and write the same files)")
    for name, ratio in ratios.items():
        verdict = "OK" if ratio <= LIMIT else "OVER"
        fastest = min(times[name])
        print(f"  {name:<10} {fastest:.3f} s  ratio {ratio:.2f} (limit {LIMIT}) {verdict}")
    print(f"  files the re-imports wrote: {rewritten} (expected 0)")
    return 0 if max(ratios.values()) <= LIMIT and rewritten == 0 else 1


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a != "--disk"]
    sys.exit(main(numbers[0] if numbers else 1000, disk="--disk" in sys.argv))
