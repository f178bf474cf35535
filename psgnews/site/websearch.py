"""The web archive's static search: Pagefind's bundle for the archive's pages, made as they are.

Pagefind (PyPI `pagefind[bin]`: its binary ships in the wheel, nothing is
downloaded) is the one foreign program here, run only by this module, as
`pagefind --service`: the pages are sent to it through a pipe, as they are in
memory (never read from the output folder, which may hold what someone else
put there), and its bundle comes back the same way, so the archive writes it
as it writes its pages: only files whose bytes changed, atomically, removing
those it no longer has. Run on a folder instead, writing the 3,000-item
archive's pages to a scratch folder, reading the bundle back and removing
both took longer than Pagefind's own work. The service speaks base64 of JSON,
each message ended by a comma; the PyPI package `pagefind`'s asyncio client
of it waits a tenth of a second for each answer, so psgnews has its own.

Pagefind writes the values of each filter, the filters and the languages in
an order that changes from run to run (Pagefind issue #638: fragments are
stable, "filter/metadata indexes" are not); they are put in order here, and
the files named by what they now hold, so the same pages give the same bytes.

Pagefind cannot update an index, so the archive has many small ones
(`shards`): the Updates' issue pages by tens of issues, the news items' pages
by year, the first bundle in `pagefind/` (with the interface), which the
search page merges into one search (Pagefind's `mergeIndex`; the Spanish one
merges the news items' alone). Each bundle holds the SHA-256 of the pages it
was made from (`psgnews-pages.sha256`): a bundle whose pages are the same as
last time is kept in the archive as it is, each file checked against the
archive's record (by the `stat` it keeps, so not read), instead of being made
again. So an edited Update article indexes its ten issues' pages, an edited
news item its year's (figures in docs/how-to/search.md). Pagefind's scripts and
WebAssembly stay only in the bundles a search page starts from.

Only pages marked `data-pagefind-body` are sent (an issue's page, a news
item's); each is indexed in the language of its `<html lang>`, so a Spanish
news item is found with Spanish stems from the Spanish search page.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from psgnews.core import fingerprint
from psgnews.core.errors import RenderError
from psgnews.site import cbor

FOLDER = "pagefind"  # the first bundle's folder in the archive, with Pagefind's interface
SOURCE = "psgnews-pages.sha256"  # in each bundle: the SHA-256 of the pages it was made from
BODY = b"data-pagefind-body"  # on the pages that are results: an issue's, a news item's
SEARCH_PAGE = "search/index.html"
SHARDED = b"data-bundles="  # on a search page that searches every bundle of `shards`
ISSUES = 10  # Updates in a bundle: issues 110-119 in one, 120-129 in the next
TIMEOUT = 600  # seconds: the 3,000-item archive took 34 s on a busy 2-core machine
# The parts of the bundle the search page does not load: Pagefind's other interfaces.
UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")
# What a search loads from the bundle it starts from alone (a merged one gives its index):
# left out of the others, whose copies of them (0.4 MB a bundle) no browser would fetch.
RUNTIME = ("pagefind.js", "pagefind-worker.js", "pagefind-ui.", "wasm.")
SIGNATURE = b"pagefind_dcd"  # before the CBOR of each decompressed index file
ENTRY = "pagefind-entry.json"
_YEAR = re.compile(rb'data-year="(\d{4})"')


@dataclass(frozen=True)
class Bundles:
    """The bundles' files: those made now, and those kept in the archive as they are."""

    made: dict[str, bytes]  # by path under web/
    kept: dict[str, str]  # the SHA-256 of each, by path under web/


def bundle(
    pages: Mapping[str, bytes],
    web: Path | None = None,
    record: fingerprint.Record | None = None,
    digests: Mapping[str, str] | None = None,
) -> Bundles:
    """Return Pagefind's bundles for the HTML `pages` (by path under web/), by path under web/.

    A bundle made from the same pages as the one in the archive at `web` is kept
    there, if each of its files is as `record` (the archive's last) says it wrote it.
    `digests` are the SHA-256 of the pages, where the caller has them already.
    """
    made: dict[str, bytes] = {}
    kept: dict[str, str] = {}
    bundles = shards(pages)
    starts = {FOLDER, *news_folders(bundles)[:1]}  # the English search's, the Spanish one's
    owned = _by_folder(record) if record else {}
    for folder, shard in bundles.items():
        source = f"{hashlib.sha256(_listed(shard, digests or {})).hexdigest()}\n".encode()
        names = owned.get(folder, [])
        found = _kept(web, folder, source, record, names) if web is not None and record else None
        if found is not None:
            kept |= found
            continue
        files = _made(shard).items()
        made |= {
            f"{folder}/{name}": data
            for name, data in files
            if folder in starts or not name.startswith(RUNTIME)
        }
        made[f"{folder}/{SOURCE}"] = source
    return Bundles(dict(sorted(made.items())), kept)


def shards(pages: Mapping[str, bytes], split: bool | None = None) -> dict[str, dict[str, bytes]]:
    """Return the result pages of each bundle by its folder, the first in `FOLDER`.

    Updates go by tens of issues, news items by year (the year their page gives),
    so that an edit makes one small bundle again: `pagefind-updates-110/`,
    `pagefind-news-2009/`. A project's own copy of the search page made before
    there were many bundles is given one bundle of every page, which it searches whole
    (unless `split` says which).
    """
    if split is None:
        split = SHARDED in pages.get(SEARCH_PAGE, b"")
    found: dict[tuple[int, int], dict[str, bytes]] = {}
    for name, data in sorted(pages.items()):
        if name.endswith(".html") and BODY in data:
            found.setdefault(_shard(name, data) if split else (0, 0), {})[name] = data
    keys = sorted(found)
    return {_folder(key, key == keys[0]): found[key] for key in keys}


def news_folders(found: Mapping[str, Mapping[str, bytes]]) -> list[str]:
    """Return the folders of the bundles of `shards` that hold news items, in order."""
    return [folder for folder, pages in found.items() if not _is_issue(next(iter(pages)))]


def _shard(name: str, data: bytes) -> tuple[int, int]:
    """Return the bundle of page `name`: (0, its tens of issues) or (1, its news item's year)."""
    if _is_issue(name):
        return 0, int(name.partition("/")[0]) // ISSUES * ISSUES
    year = _YEAR.search(data)
    return 1, int(year[1]) if year else 0


def _is_issue(name: str) -> bool:
    """Return whether page `name` is an issue's: `119/index.html`."""
    return name.partition("/")[0].isdigit()


def _folder(key: tuple[int, int], first: bool) -> str:
    """Return the folder of the bundle of `key`: `FOLDER` for the first."""
    return FOLDER if first else f"{FOLDER}-{('updates', 'news')[key[0]]}-{key[1]}"


def _listed(pages: Mapping[str, bytes], digests: Mapping[str, str]) -> bytes:
    """Return the names of `pages` and the SHA-256 of each, as one string of bytes to hash."""
    return b"".join(
        b"%s %s\n" % ((digests.get(n) or hashlib.sha256(d).hexdigest()).encode(), n.encode())
        for n, d in pages.items()
    )


def _by_folder(record: fingerprint.Record) -> dict[str, list[str]]:
    """Return the names of the bundles' files in `record`, by the bundle's folder."""
    found: dict[str, list[str]] = {}
    for name in record.outputs:
        if name.startswith(FOLDER):
            found.setdefault(name.partition("/")[0], []).append(name)
    return found


def _kept(
    web: Path, folder: str, source: bytes, record: fingerprint.Record, names: list[str]
) -> dict[str, str] | None:
    """Return the digests of the bundle in `web`/`folder` if made from pages of digest `source`.

    None unless each of its files (`names` in `record`) is as `record` says: its stat
    as kept (then it is not read), or its bytes.
    """
    if record.outputs.get(f"{folder}/{SOURCE}") != hashlib.sha256(source).hexdigest():
        return None
    for name in names:
        if fingerprint.output_digest(web, record, name) != record.outputs[name]:
            return None  # gone, edited, or not a file psgnews wrote: made again
    return {name: record.outputs[name] for name in names}


def _made(pages: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return the bundle Pagefind makes of `pages`, in order, by path in its folder."""
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    # In order of their paths: Pagefind numbers the pages in the order they come.
    html = sorted(pages.items())
    with (
        tempfile.TemporaryFile() as said,
        subprocess.Popen(
            [str(get_executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=said,
        ) as service,
    ):
        timer = threading.Timer(TIMEOUT, service.kill)
        timer.start()
        try:
            files = _indexed(service, html)
        except (OSError, ValueError) as e:  # a broken pipe, or what is not an answer
            said.seek(0)
            last = said.read().decode(errors="replace").strip().splitlines()[-3:]
            raise RenderError(f"Pagefind could not index the web archive: {e} {last}") from None
        finally:
            timer.cancel()
            service.kill()
    made = {name: data for name, data in files.items() if not name.startswith(UNUSED)}
    return dict(sorted(_in_order(made).items()))


def _indexed(service: subprocess.Popen[bytes], html: list[tuple[str, bytes]]) -> dict[str, bytes]:
    """Return the bundle `service` makes of the `html` pages, sent while its answers are read."""
    assert service.stdin is not None and service.stdout is not None
    answers = _answers(service.stdout)
    _send(service.stdin, 1, {"type": "NewIndex", "config": {"keep_index_url": True}})
    index = _answer(answers, 1)["index_id"]
    requests = [
        {"type": "AddFile", "index_id": index, "url": f"/{name}", "file_path": None,
         "file_contents": data.decode()}
        for name, data in html
    ]  # fmt: skip
    requests.append({"type": "GetFiles", "index_id": index})
    last = len(requests) + 1
    # Sent from a thread: written all at once, the answers would fill the pipe back and stall it.
    sender = threading.Thread(target=_send_all, args=(service.stdin, requests), daemon=True)
    sender.start()
    files = _answer(answers, last)["files"]
    sender.join()
    return {file["path"]: base64.b64decode(file["content"]) for file in files}


def _send_all(stream: IO[bytes], requests: list[dict[str, Any]]) -> None:
    """Send `requests`, numbered from 2; a service that stopped is told by its answers.

    The pipe is left open: at its end the service stops, answered or not.
    """
    with contextlib.suppress(OSError):
        for number, request in enumerate(requests, 2):
            _send(stream, number, request)


def _send(stream: IO[bytes], number: int, payload: dict[str, Any]) -> None:
    message = json.dumps({"message_id": number, "payload": payload}).encode()
    stream.write(base64.b64encode(message) + b",")
    stream.flush()


def _answer(answers: Iterator[dict[str, Any]], number: int) -> dict[str, Any]:
    """Return the payload of answer `number`, the ones before it being acknowledgements."""
    for answer in answers:
        payload: dict[str, Any] = answer["payload"]
        if payload.get("type") == "Error":
            raise ValueError(f"Pagefind said: {payload.get('message')}")
        if answer.get("message_id") == number:
            return payload
    raise ValueError("Pagefind stopped before it answered")


def _answers(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    """Yield each answer the service writes to `stream` until it closes it."""
    parts: list[bytes] = []
    while chunk := stream.read1(1 << 20):  # type: ignore[attr-defined]
        *ended, rest = chunk.split(b",")
        for piece in ended:
            yield json.loads(base64.b64decode(b"".join([*parts, piece])))
            parts = []
        parts.append(rest)


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
