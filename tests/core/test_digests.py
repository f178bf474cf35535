"""The memo of file digests: an unchanged file is not read again; a changed one always is."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from psgnews.core import cache, digests, fingerprint

TICK = 0.05  # longer than a tick of the coarse clock that file times come from


@pytest.fixture
def memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[digests.Memo]:
    """The memo of a project at tmp_path/project, files counted as settled once written."""
    monkeypatch.setattr(digests, "RACY_NS", 0)
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.setattr(digests, "_memo", digests.Memo())
    yield digests.use(root)


def _unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, **kwargs: object) -> None:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(fingerprint, "open_regular", refuse)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_once(path: Path, data: bytes) -> None:
    """Write `data` to `path`, let its times settle, and digest it (so the memo keeps it)."""
    path.write_bytes(data)
    time.sleep(TICK)
    assert fingerprint.file_digest(path) == _sha(data)


def test_an_unchanged_file_is_not_read_again(
    memo: digests.Memo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "photo.jpg"
    _read_once(photo, b"pixels")
    _unreadable(monkeypatch)
    assert fingerprint.file_digest(photo) == _sha(b"pixels")


def test_the_memo_is_kept_for_the_next_run(
    memo: digests.Memo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "photo.jpg"
    _read_once(photo, b"pixels")
    memo.save()
    assert memo.root is not None
    monkeypatch.setattr(digests, "_memo", digests.Memo())  # as a new process starts
    digests.use(memo.root)
    _unreadable(monkeypatch)
    assert fingerprint.file_digest(photo) == _sha(b"pixels")


def test_a_file_edited_in_place_keeping_its_size_and_time_is_read_again(
    memo: digests.Memo, tmp_path: Path
) -> None:
    article = tmp_path / "article.yaml"
    _read_once(article, b"title: One")
    before = article.stat()
    time.sleep(TICK)
    with article.open("r+b") as f:  # same size, same inode; the time put back after
        f.write(b"title: Two")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = article.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )
    assert fingerprint.file_digest(article) == _sha(b"title: Two")


def test_a_file_swapped_by_a_rename_is_read_again(memo: digests.Memo, tmp_path: Path) -> None:
    article = tmp_path / "article.yaml"
    _read_once(article, b"title: One")
    old = article.stat()
    swapped = tmp_path / "new.yaml"
    swapped.write_bytes(b"title: Two")
    os.utime(swapped, ns=(old.st_atime_ns, old.st_mtime_ns))
    swapped.rename(article)
    assert article.stat().st_ino != old.st_ino
    assert fingerprint.file_digest(article) == _sha(b"title: Two")


def test_a_file_written_lately_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Within the clock's granularity of the reading, a second write of the same size could
    # leave every time as it was: such a digest is never kept, so the file is read again.
    monkeypatch.setattr(digests, "_memo", digests.Memo())
    article = tmp_path / "article.yaml"
    article.write_bytes(b"title: One")
    assert fingerprint.file_digest(article) == _sha(b"title: One")
    before = article.stat()
    article.write_bytes(b"title: Two")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert fingerprint.file_digest(article) == _sha(b"title: Two")
    assert digests.current().recall(article, article.stat()) is None


def test_a_file_written_while_it_is_read_is_not_kept(tmp_path: Path) -> None:
    memo = digests.Memo()
    article = tmp_path / "article.yaml"
    article.write_bytes(b"title: One")
    before = article.stat()
    time.sleep(TICK)
    article.write_bytes(b"title: Two")
    late = time.time_ns() + digests.RACY_NS + 10**9
    memo.note(article, before, article.stat(), late, _sha(b"title: One"))
    assert memo.recall(article, before) is None
    assert memo.recall(article, article.stat()) is None


def test_a_kept_entry_not_older_than_the_memo_is_not_trusted(
    memo: digests.Memo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "article.yaml"
    article.write_bytes(b"title: One")
    found = article.stat()
    key = list(digests.key_of(found))
    entries = {str(article): [*key, _sha(b"title: One")]}
    written = max(found.st_mtime_ns, found.st_ctime_ns)  # the same tick as the file's times
    data = {"format": digests.FORMAT, "written": written, "entries": entries}
    assert memo.root is not None
    cache.keep_bytes(memo.root, "digests.json", json.dumps(data).encode())
    monkeypatch.setattr(digests, "_memo", digests.Memo())
    assert digests.use(memo.root).recall(article, found) is None


def test_a_memo_that_is_not_ours_is_ignored(
    memo: digests.Memo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert memo.root is not None
    for planted in (b"[1, 2]", b"{not json", b'{"format": 1, "written": 1, "entries": {"a": 7}}'):
        cache.keep_bytes(memo.root, "digests.json", planted)
        monkeypatch.setattr(digests, "_memo", digests.Memo())
        assert digests.use(memo.root).recall(tmp_path, tmp_path.stat()) is None
