"""Measure both searches on a synthetic archive and print the figures of issue 23.

Ratios against a floor measured in the same run (the machine is shared and
noisy), with the raw figures beside them:

(a) `psgnews search`, warm, as a whole process, against `psgnews --version`;
(b) a no-op build against a full one (email and text, and the web archive with
    its Pagefind index);
(c) one article edited: what the CLI index reads again, and what the web index
    costs against that issue's build (Pagefind over that issue's bundle, the others
    kept as they are);
(d) the Pagefind bundles' size, and the bytes a browser fetches for one search.

    .venv/bin/python -m benchmarks.search_bench --issues 120 --news 3000   # the full measurement
    .venv/bin/python -m benchmarks.search_bench --issues 3 --news 40       # a quick check
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import statistics
import tempfile
from pathlib import Path

from benchmarks.archive_bench import cli, timed
from benchmarks.environment import as_installed
from psgnews.core import fingerprint
from psgnews.search import index
from psgnews.site import cbor, websearch
from synthetic.make_archive import make_archive

RUNS = 7
FORMATS = "email,text"


def warm_search(root: Path) -> str:
    """Return figure (a): the median of `search` and of `--version`, run in turns."""
    cli("--root", root, "search", "comunidad")  # the index made, the bytecode cached
    searches, versions = [], []
    for _ in range(RUNS):
        searches.append(timed(lambda: cli("--root", root, "search", "comunidad", "campesina"))[0])
        versions.append(timed(lambda: cli("--version"))[0])
    search, version = statistics.median(searches), statistics.median(versions)
    goal = 1.2 * version + 0.05
    return (
        f"(a) search {1000 * search:.0f} ms, --version {1000 * version:.0f} ms: "
        f"{1000 * (search - version):+.0f} ms; goal <= 1.2 x --version + 50 ms = "
        f"{1000 * goal:.0f} ms: {'met' if search <= goal else 'NOT met'}"
    )


def upkeep(root: Path, out: Path) -> str:
    """Return figure (b)."""
    full, _ = timed(
        lambda: cli("--root", root, "build", "--all", "--format", FORMATS, "--out", out)
    )
    build = ("--root", root, "build", "--all", "--format", FORMATS, "--out", out)
    noops = [timed(lambda: cli(*build))[0] for _ in range(5)]  # the first after the full build too
    noop = statistics.median(noops)
    web = out / "web"
    pages = {p.relative_to(web).as_posix(): p.read_bytes() for p in web.rglob("*.html")}
    pagefind, _ = timed(lambda: websearch.bundle(pages))
    return (
        f"(b) full build {full:.2f} s (Pagefind over {len(pages)} pages: {pagefind:.2f} s of it), "
        f"no-op median {noop:.3f} s of {' '.join(f'{n:.3f}' for n in noops)} = "
        f"{100 * noop / full:.2f} % (goal <= 2 %)"
    )


def edit_one(root: Path, out: Path, number: int) -> str:
    """Return figure (c): edit one article, search and rebuild, and say what each index cost."""
    db = index.open_index(root)
    before = dict(db.execute("SELECT path, rowid FROM files"))
    article = root / "issues" / str(number) / "article-03.yaml"
    article.write_text(article.read_text().replace("body: |\n", "body: |\n  Kuntur Wasi.\n\n"))
    seconds, _ = timed(lambda: cli("--root", root, "search", "kuntur"))
    after = dict(db.execute("SELECT path, rowid FROM files"))
    again = sorted(path for path in after if before.get(path) != after[path])
    issue, _ = timed(lambda: cli("--root", root, "build", number, "--out", out, "--force"))
    web = out / "web"
    record = fingerprint.read_record(fingerprint.record_path(out, "web"))
    assert record is not None
    # The archive rebuilt with the edit; then its index made again as that build made it:
    # from the pages as they are now and the bundles as the build before left them.
    cli("--root", root, "build", "--all", "--format", FORMATS, "--out", out)
    pages = {p.relative_to(web).as_posix(): p.read_bytes() for p in web.rglob("*.html")}
    # The pages' digests are the archive's own, made for its record whether or not it has
    # a search: not the web index's cost.
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in pages.items()}
    cost, made = timed(lambda: websearch.bundle(pages, web, record, digests))
    shards = websearch.shards(pages)
    remade = sorted({name.partition("/")[0] for name in made.made})
    kept = {name.partition("/")[0] for name in made.kept}
    return (
        f"(c) one article edited: the CLI index read again {again} ({seconds:.2f} s for that "
        f"search); issue {number}'s build (PDF too) {issue:.2f} s; the web index after it "
        f"{cost:.2f} s = {100 * cost / issue:.0f} % (goal <= 10 %): Pagefind over {remade} "
        f"({sum(len(shards[f]) for f in remade)} pages); {len(kept)} bundles kept as they are "
        f"({len(made.kept)} files, not read)"
    )


def bundle_size(web: Path, word: str) -> str:
    """Return figure (d): the bundles' size, and what a browser fetches to search for `word`."""
    size: dict[str, int] = {}
    # The interface and the WebAssembly once: the merged bundle's search runs in the same one.
    loads = ["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/pagefind.js"]
    loads += ["pagefind/wasm.en-gb.pagefind"]
    fragments: list[str] = []
    folders = sorted(web.glob(f"{websearch.FOLDER}*"))
    for bundle in folders:
        folder = bundle.name
        found = {p.relative_to(web).as_posix(): p.stat().st_size for p in bundle.rglob("*")}
        size |= {n: s for n, s in found.items() if (web / n).is_file()}
        meta_name = next(n for n in found if n.startswith(f"{folder}/pagefind.en-gb_"))
        meta = cbor.loads(
            gzip.decompress((web / meta_name).read_bytes())[len(websearch.SIGNATURE) :]
        )
        chunk = next((h for first, last, h in meta[2] if first <= word <= last), None)
        loads += [f"{folder}/{websearch.ENTRY}", meta_name]
        loads += [f"{folder}/index/{chunk}.pf_index"] if chunk else []
        loads += [n for n in found if n.startswith(f"{folder}/filter/en-gb_")]
        fragments += [n for n in found if n.startswith(f"{folder}/fragment/en-gb_")]
    first_five = 5 * statistics.mean(size[n] for n in fragments)  # the UI loads 5 at first
    fetched = sum(size[n] for n in loads) + first_five
    return (
        f"(d) Pagefind bundles ({len(folders)}: Updates by tens, news items by year): "
        f"{sum(size.values()) / 1e6:.1f} MB in {len(size)} files ({len(fragments)} English "
        f"fragments); one search for {word!r} fetches about {fetched / 1e3:.0f} kB from the "
        "files (the interface and the WebAssembly; of each bundle its entry, metadata, one "
        "index chunk and filter files; five fragments)"
    )


def main() -> None:
    """Print every figure, with the raw numbers behind each ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=120)
    parser.add_argument("--news", type=int, default=3000)
    args = parser.parse_args()
    as_installed()
    with tempfile.TemporaryDirectory(prefix="psgnews-bench-") as tmp:
        os.environ["XDG_CACHE_HOME"] = f"{tmp}/cache"  # the processes' cache, not the user's
        root = make_archive(Path(tmp) / "archive", issues=args.issues, news=args.news)
        print(f"archive: {args.issues} issues x 8 articles, {args.news} news items", flush=True)
        print(warm_search(root), flush=True)
        print(upkeep(root, Path(tmp) / "out"), flush=True)
        print(edit_one(root, Path(tmp) / "out", args.issues // 2 or 1), flush=True)
        print(bundle_size(Path(tmp) / "out" / "web", "water"), flush=True)


if __name__ == "__main__":
    main()
