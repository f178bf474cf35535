"""The web archive's static search: Pagefind's bundle for the archive's pages, made as they are.

Pagefind (PyPI `pagefind[bin]`: its binary ships in the wheel, nothing is
downloaded) is the one foreign program here, run only by this module. It reads
the pages from a private scratch folder they are written to (never from the
output folder, which may hold what someone else put there), and its bundle
is read back and returned, so the archive writes it as it writes its pages:
only files whose bytes changed, atomically, removing those it no longer has.

Pagefind writes the values of each filter, the filters and the languages in
an order that changes from run to run (Pagefind issue #638: fragments are
stable, "filter/metadata indexes" are not); they are put in order here, and
the files named by what they now hold, so the same pages give the same bytes.

Pagefind cannot update an index: every publish that rewrites the archive
indexes all its pages again (a publish with nothing changed runs nothing).
Only pages marked `data-pagefind-body` are results (an issue's page, a news
item's); each is indexed in the language of its `<html lang>`, so a Spanish
news item is found with Spanish stems from the Spanish search page.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from psgnews.core import write
from psgnews.core.errors import RenderError
from psgnews.core.readfile import read_regular
from psgnews.site import cbor

FOLDER = "pagefind"  # the bundle's folder in the archive
TIMEOUT = 600  # seconds: the 3,000-item archive took 34 s on a busy 2-core machine
# The parts of the bundle the search page does not load: Pagefind's other interfaces.
UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")
SIGNATURE = b"pagefind_dcd"  # before the CBOR of each decompressed index file
ENTRY = "pagefind-entry.json"


def bundle(pages: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return Pagefind's bundle for the HTML `pages` (by path under web/), by path under web/."""
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory(prefix="psgnews-search-") as scratch:
        site, out = Path(scratch) / "site", Path(scratch) / "bundle"
        write.write_all(
            site, {name: data for name, data in pages.items() if name.endswith(".html")}
        )
        command = [str(get_executable()), "--site", str(site), "--output-path", str(out)]
        try:
            done = subprocess.run(
                [*command, "--keep-index-url", "--quiet"],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            raise RenderError(f"Pagefind could not index the web archive: {e}") from None
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise RenderError(f"Pagefind failed on the web archive: {' / '.join(said)}")
        made = {
            path.relative_to(out).as_posix(): read_regular(path, within=out)
            for path in sorted(out.rglob("*"))
            if path.is_file() and not path.name.startswith(UNUSED)
        }
    return {f"{FOLDER}/{name}": data for name, data in sorted(_in_order(made).items())}


def _in_order(files: dict[str, bytes]) -> dict[str, bytes]:
    """Return Pagefind's `files` with filter values, filters and languages in order, renamed."""
    hashes: dict[str, str] = {}  # a filter or metadata file's hash as Pagefind named it: as now
    found: dict[str, bytes] = {}
    for name, data in files.items():
        if name.startswith("filter/") and name.endswith(".pf_filter"):
            filter_name, values = _read(data)
            name, data = _named(hashes, name, _written([filter_name, sorted(values)]), 7)
        found[name] = data
    for name, data in list(found.items()):
        if name.startswith("pagefind.") and name.endswith(".pf_meta"):
            meta = _read(data)
            meta[3] = sorted([filter_name, hashes[old]] for filter_name, old in meta[3])
            del found[name]
            name, data = _named(hashes, name, _written(meta), 13)
            found[name] = data
    entry = json.loads(found[ENTRY])
    languages = sorted(entry["languages"].items())
    entry["languages"] = {lang: {**v, "hash": hashes[v["hash"]]} for lang, v in languages}
    found[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return found


def _read(data: bytes) -> Any:
    """Return what a Pagefind index file holds: gzip of its signature and CBOR."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise RenderError("Pagefind wrote an index file psgnews cannot read")
    return cbor.loads(raw[len(SIGNATURE) :])


def _written(value: Any) -> bytes:
    """Return `value` as a Pagefind index file, compressed the same way every time."""
    return gzip.compress(SIGNATURE + cbor.dumps(value), mtime=0)


def _named(hashes: dict[str, str], name: str, data: bytes, length: int) -> tuple[str, bytes]:
    """Return the name of index file `name` with a hash of `data`, noting it in `hashes`."""
    folder, _, file = name.rpartition("/")
    stem, _, suffix = file.rpartition(".")
    kind = stem.rpartition("_")[0]  # e.g. "en-gb", or "pagefind.en-gb", before Pagefind's hash
    new = f"{kind}_{hashlib.sha256(data).hexdigest()[:length]}"
    hashes[stem.removeprefix("pagefind.")] = new.removeprefix("pagefind.")
    return f"{folder}/{new}.{suffix}".lstrip("/"), data
