"""Time `psgnews import` of a large listing against a floor measured in the same run.

The floor is what any importer must do: read the listing and write one YAML
file per item with `yamlwrite.dump`, atomically (`write.write_all`: temp file,
fsync, rename). The ratio (import / floor) is what to
watch; raw seconds vary with the shared machine.

    .venv/bin/python benchmarks/import_listing.py [ITEMS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from psgnews.build.write import write_all
from psgnews.content import yamlwrite
from psgnews.legacy import importer
from psgnews.legacy.listing import read_listing
from psgnews.project import open_root

REPO = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    "At a time when mining in Peruís north is facing international scrutiny, a protest at the"
    " Yanacocha mine halted operations for at least 24 hours; the people of Cajamarca asked for"
    " jobs and social spending."
)


def listing(items: int) -> str:
    """Return a listing of `items` news items, nine to an Update, newest first."""
    parts = []
    for n in range(items):
        number = 1000 - n // 9
        parts.append(
            f"  • Item {n} of Update {number}: mining protests\n\n"
            f"    Update {number}. 30 September 2006\n\n    {PARAGRAPH}\n\n"
        )
    return "".join(parts)


def best_of(runs: int, action: object) -> float:
    """Return the fastest of `runs` timings of `action()`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main(items: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "news.txt"
        page.write_text(listing(items), encoding="utf-8")
        root_dir = Path(tmp) / "root"
        root_dir.mkdir()
        shutil.copy(REPO / "psgnews.yaml", root_dir / "psgnews.yaml")
        root = open_root(root_dir)
        floor_dir = Path(tmp) / "floor"
        floor_dir.mkdir()

        def floor() -> None:
            files = {}
            for i, item in enumerate(read_listing(page, "news.txt").items):
                data = {"title": item.title, "section": "News", "summary": item.blocks[0].text}
                files[f"{i}.yaml"] = yamlwrite.dump(data).encode()
            write_all(floor_dir, files)  # as the import writes: all at once, atomically

        def first_import() -> None:
            shutil.rmtree(root_dir / "issues", ignore_errors=True)
            importer.run_import(root, [page], dry_run=False, force=False, fix=True)

        def reimport() -> None:
            importer.run_import(root, [page], dry_run=False, force=False, fix=True)

        base = best_of(3, floor)
        full = best_of(3, first_import)
        again = best_of(3, reimport)
    print(
        f"{items} items: floor {base:.3f} s; import {full:.3f} s (x{full / base:.2f});"
        f" re-import {again:.3f} s (x{again / base:.2f})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 900)
