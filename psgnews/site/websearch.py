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

Pagefind cannot update an index, so the archive has two: the Updates' issue
pages in `pagefind/` (with the interface), and the news items' pages in
`pagefind-news/`, which the English search page merges into its search
(Pagefind's `mergeIndex`) and the Spanish one searches alone. Each bundle
holds the SHA-256 of the pages it was made from (`psgnews-pages.sha256`): a
bundle whose pages are the same as last time is read back from the archive,
each file checked against the digest the archive's record keeps, instead of
being made again. So an edited Update article indexes its Updates' pages, not
the thousands of news items, and an edited news item the news items alone.
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
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from psgnews.core.errors import RenderError, UnreadableFileError
from psgnews.core.readfile import read_regular
from psgnews.site import cbor

FOLDER = "pagefind"  # the Updates' bundle's folder in the archive, with Pagefind's interface
NEWS = "pagefind-news"  # the news items' bundle's folder, merged into the search
SOURCE = "psgnews-pages.sha256"  # in each bundle: the SHA-256 of the pages it was made from
BODY = b"data-pagefind-body"  # on the pages that are results: an issue's, a news item's
SEARCH_PAGE = "search/index.html"
TIMEOUT = 600  # seconds: the 3,000-item archive took 34 s on a busy 2-core machine
# The parts of the bundle the search page does not load: Pagefind's other interfaces.
UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")
SIGNATURE = b"pagefind_dcd"  # before the CBOR of each decompressed index file
ENTRY = "pagefind-entry.json"


def bundle(
    pages: Mapping[str, bytes], web: Path | None = None, kept: Mapping[str, str] | None = None
) -> dict[str, bytes]:
    """Return Pagefind's bundles for the HTML `pages` (by path under web/), by path under web/.

    A bundle made from the same pages as the one in the archive at `web` is read
    back from there, if each of its files has the SHA-256 that `kept` gives for it.
    """
    found: dict[str, bytes] = {}
    for folder, shard in shards(pages, merges(pages)).items():
        source = f"{hashlib.sha256(_listed(shard)).hexdigest()}\n".encode()
        made = _kept(web, folder, source, kept or {}) if web is not None else None
        if made is None:
            made = _made(shard)
        found |= {f"{folder}/{name}": data for name, data in made.items()}
        found[f"{folder}/{SOURCE}"] = source
    return dict(sorted(found.items()))


def shards(pages: Mapping[str, bytes], split: bool = True) -> dict[str, dict[str, bytes]]:
    """Return the result pages of each bundle: an issue's in the Updates', the rest in the news'.

    Unless `split`, or with no issue pages or no news items' pages, every page is
    in the Updates' bundle.
    """
    found: dict[str, dict[str, bytes]] = {FOLDER: {}, NEWS: {}}
    for name, data in sorted(pages.items()):
        if name.endswith(".html") and BODY in data:
            found[FOLDER if name.partition("/")[0].isdigit() else NEWS][name] = data
    if not (split and found[FOLDER] and found[NEWS]):
        return {FOLDER: found[FOLDER] | found[NEWS]}
    return found


def merges(pages: Mapping[str, bytes]) -> bool:
    """Return whether the search page merges the news items' bundle into its search.

    A project's own copy of the search page made before there were two bundles
    does not: it is given one bundle of every page, which it searches whole.
    """
    return f'data-merge="{NEWS}"'.encode() in pages.get(SEARCH_PAGE, b"")


def _listed(pages: Mapping[str, bytes]) -> bytes:
    """Return `pages`, names and bytes, as one string of bytes to hash."""
    return b"".join(b"%d %s %d\n%s" % (len(n), n.encode(), len(d), d) for n, d in pages.items())


def _kept(
    web: Path, folder: str, source: bytes, kept: Mapping[str, str]
) -> dict[str, bytes] | None:
    """Return the bundle in `web`/`folder` if made from pages with digest `source` and intact."""
    if kept.get(f"{folder}/{SOURCE}") != hashlib.sha256(source).hexdigest():
        return None
    names = [n for n in kept if n.startswith(f"{folder}/") and n != f"{folder}/{SOURCE}"]
    files: dict[str, bytes] = {}
    for name in names:
        try:
            data = read_regular(web / name, within=web)
        except (OSError, UnreadableFileError):
            return None  # gone, or not a file psgnews wrote: made again
        if hashlib.sha256(data).hexdigest() != kept[name]:
            return None
        files[name.removeprefix(f"{folder}/")] = data
    return files or None


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
