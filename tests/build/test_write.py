"""Atomic writes of many files over many folders (write_many)."""

from __future__ import annotations

from pathlib import Path

import pytest

from psgnews.build.write import write_many


def test_every_file_lands_in_its_folder(tmp_path: Path) -> None:
    files = {tmp_path / "a" / "b" / f"{n}.txt": f"file {n}".encode() for n in range(20)}
    files[tmp_path / "top.txt"] = b"top"
    assert write_many(files) == list(files)
    assert all(path.read_bytes() == data for path, data in files.items())
    assert not list(tmp_path.rglob("*.tmp"))


def test_one_failure_moves_nothing_and_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_bytes(b"before")
    files = {tmp_path / "kept.txt": b"after", tmp_path / ("x" * 300): b"a name too long"}
    with pytest.raises(OSError):
        write_many(files)
    assert (tmp_path / "kept.txt").read_bytes() == b"before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]
