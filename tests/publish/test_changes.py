"""What a publish sends and removes, from the target's record and the sizes it holds."""

from __future__ import annotations

import hashlib

from psgnews.publish.changes import Local, compare, manifest, read_manifest


def local(**files: bytes) -> dict[str, Local]:
    return {name: Local(data, hashlib.sha256(data).hexdigest()) for name, data in files.items()}


def test_only_changed_missing_or_resized_files_are_sent() -> None:
    files = local(a=b"one", b=b"two", c=b"three")
    record = read_manifest(manifest(files))
    record["b"] = "0" * 64  # changed since
    sizes = {"a": 3, "b": 3}  # c is gone from the target
    changes = compare(files, record | {"old": "1" * 64}, sizes)
    assert (changes.send, changes.remove, changes.unchanged) == (["b", "c"], ["old"], 1)


def test_a_record_naming_paths_outside_the_target_is_not_trusted() -> None:
    data = b'{"files": {"../../etc/passwd": "x", "/abs": "y", "ok/a.html": "z"}}'
    assert read_manifest(data) == {"ok/a.html": "z"}


def test_an_unreadable_record_is_no_record() -> None:
    assert read_manifest(b"not json") == {} and read_manifest(None) == {}
