"""Benchmark: deriving every image copy against a bare Pillow loop; a no-op rebuild against a build.

Writes 30 phone-sized photos (4032 × 3024, 2-3 MB JPEGs with EXIF orientation
and GPS) into a temporary project, one article each, then:

1. derives every copy of every photo (`psgnews.render.derive.make`: the email
   and web copies and the print copy), cache left out, against a bare Pillow
   loop doing the same resizes and saves (open, `exif_transpose`, resize with
   Lanczos, save with the same JPEG settings), in alternated pairs;
2. times `psgnews build N --web` (every format and the web archive, a cold
   cache of copies) as a fresh process, then the same command again, which
   finds everything up to date, and `--force`, which renders again but takes
   every copy from the cache.

    .venv/bin/python benchmarks/images_bench.py [--pairs 5]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.environment import as_installed

REPO = Path(__file__).resolve().parent.parent
NUMBER = 901
PHOTOS = 30


def make_project(root: Path) -> Path:
    """Write the project: settings, standing pieces, layouts, and an issue of 30 photo articles."""
    from PIL import ImageDraw

    from synthetic import photos

    shutil.copy(REPO / "psgnews.yaml", root / "psgnews.yaml")
    shutil.copytree(REPO / "issues" / "_standing", root / "issues" / "_standing")
    shutil.copytree(REPO / "layouts", root / "layouts")
    folder = root / "issues" / str(NUMBER)
    (folder / "images").mkdir(parents=True)
    (folder / "issue.yaml").write_text(f"number: {NUMBER}\ndate: 2007-03-31\n")
    scene = photos.scene(4032, 3024)
    exif = photos.phone_exif().tobytes()
    for n in range(PHOTOS):
        picture = scene.copy()  # each photo its own: a mark in a different place
        ImageDraw.Draw(picture).rectangle((100 * n, 1500, 100 * n + 300, 1800), fill=(n * 8, 0, 90))
        picture.save(folder / "images" / f"photo-{n:02}.jpg", quality=90, exif=exif)
        (folder / f"story-{n:02}.yaml").write_text(
            f"title: Story {n}\nsection: News\nsummary: A story with a photo.\n"
            f"image: {{src: images/photo-{n:02}.jpg, alt: A photo, caption: The scene}}\n"
        )
    return folder


def derive_all(root: Path) -> float:
    """Return the seconds psgnews takes to derive every copy of every photo, no cache."""
    from psgnews.content.load import load_issue
    from psgnews.content.project import open_root
    from psgnews.render import derive, images

    issue = load_issue(open_root(root), NUMBER)
    originals = [((root / i.name).read_bytes(), images.copies(i)) for i in issue.images]
    start = time.perf_counter()
    for data, copies in originals:
        derive.make(data, copies)
    return time.perf_counter() - start


def bare_loop(root: Path) -> float:
    """Return the seconds a bare Pillow loop takes to make the same copies, same settings."""
    from PIL import Image, ImageOps

    from psgnews.content.load import load_issue
    from psgnews.content.project import open_root
    from psgnews.render import derive, images

    issue = load_issue(open_root(root), NUMBER)
    originals = [((root / i.name).read_bytes(), images.copies(i)) for i in issue.images]
    start = time.perf_counter()
    for data, copies in originals:
        with Image.open(io.BytesIO(data)) as opened:
            upright = ImageOps.exif_transpose(opened)
        for copy in copies:
            resized = upright.resize((copy.width, copy.height), Image.Resampling.LANCZOS)
            progressive = copy.target != "print"
            quality = derive.PRINT_QUALITY if copy.target == "print" else derive.EMAIL_QUALITY[0]
            out = io.BytesIO()
            resized.save(out, "JPEG", quality=quality, optimize=True, progressive=progressive)
    return time.perf_counter() - start


def timed(command: list[str], env: dict[str, str]) -> float:
    """Return the seconds `command` takes; fail loudly if it fails."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    """Run both comparisons and print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="alternated pairs (at least 3)")
    pairs = max(3, parser.parse_args().pairs)
    as_installed()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        folder = make_project(root)
        size = sum(p.stat().st_size for p in (folder / "images").iterdir())
        ours, theirs = [], []
        for _ in range(pairs):
            ours.append(derive_all(root))
            theirs.append(bare_loop(root))
        env = {**os.environ, "XDG_CACHE_HOME": f"{tmp}/cache"}  # a cold cache of copies
        build = [str(bin_dir / "psgnews"), "--root", str(root), "build", str(NUMBER), "--web"]
        full = timed(build, env)
        noop = [timed(build, env) for _ in range(pairs)]
        forced = [timed([*build, "--force"], env) for _ in range(pairs)]
        pdf = root / "build" / str(NUMBER) / f"psg-update-{NUMBER}.pdf"
        web = sorted((root / "build" / "web" / str(NUMBER) / "images").iterdir())
        email = [p.stat().st_size for p in web if "-1104." in p.name]
        print(f"{PHOTOS} photos of 4032 × 3024, {size / 1e6:.1f} MB of originals")
        mine, bare = statistics.median(ours), statistics.median(theirs)
        print(f"derive every copy: median {mine:.2f} s of {pairs}: {_list(ours)}")
        print(f"bare Pillow loop:  median {bare:.2f} s of {pairs}: {_list(theirs)}")
        print(f"ratio: {mine / bare:.3f} (target <= 1.2)")
        print(f"full build (cold cache, every format, web archive): {full:.2f} s")
        print(f"no-op rebuild: median {statistics.median(noop):.3f} s: {_list(noop)}")
        print(f"no-op / full: {statistics.median(noop) / full:.2%} (target <= 2 %)")
        print(f"--force rebuild (copies from the cache): median {statistics.median(forced):.2f} s")
        print(f"PDF {pdf.stat().st_size / 1e6:.2f} MB; email images {min(email) // 1000}-"
              f"{max(email) // 1000} KB")  # fmt: skip


def _list(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    main()
