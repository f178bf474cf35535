"""The one writer: atomic writes and deletions, only inside its folder, never through a link."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from psgnews.core.errors import UnsafePathError
from psgnews.core.write import remove, write_all, write_folder, write_one
from tests.conftest import Run, copy_project


def test_every_file_lands_in_its_folder(tmp_path: Path) -> None:
    files = {f"a/b/{n}.txt": f"file {n}".encode() for n in range(20)}
    files["top.txt"] = b"top"
    assert write_all(tmp_path, files) == [tmp_path / name for name in files]
    assert all((tmp_path / name).read_bytes() == data for name, data in files.items())
    assert not list(tmp_path.rglob("*.tmp"))


def test_one_failure_moves_nothing_and_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_bytes(b"before")
    files = {"kept.txt": b"after", "x" * 300: b"a name too long"}
    with pytest.raises(UnsafePathError, match="File name too long"):
        write_all(tmp_path, files)
    assert (tmp_path / "kept.txt").read_bytes() == b"before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]


@pytest.mark.parametrize(
    "name",
    [
        "../escaped.txt",
        "/tmp/escaped.txt",
        "a/../../escaped.txt",
        "",
        "a//b",
        "a/",
        "./a",
        "a/.",
        "..",
    ],
)
def test_a_path_outside_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "out"
    with pytest.raises(UnsafePathError, match="not a path inside"):
        write_one(folder, name, b"never written")
    with pytest.raises(UnsafePathError, match="not a path inside"):
        remove(folder, [name])
    assert not (tmp_path / "escaped.txt").exists()
    assert not folder.exists()


def test_a_write_through_a_linked_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "119").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UnsafePathError, match=r"out/119 is a symbolic link"):
        write_all(tmp_path / "out", {"118/a.txt": b"fine", "119/b.txt": b"elsewhere"})
    assert not list(elsewhere.iterdir())
    assert not (tmp_path / "out" / "118" / "a.txt").exists()  # nothing is written at all


def test_a_linked_file_is_neither_replaced_nor_deleted(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_bytes(b"kept")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").symlink_to(target)
    with pytest.raises(UnsafePathError, match=r"out/a.txt is a symbolic link"):
        write_one(tmp_path / "out", "a.txt", b"replaced")
    with pytest.raises(UnsafePathError, match=r"out/a.txt is a symbolic link"):
        remove(tmp_path / "out", ["a.txt"])
    assert (tmp_path / "out" / "a.txt").is_symlink() and target.read_bytes() == b"kept"


def test_a_deletion_through_a_linked_folder_deletes_nothing(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "stale.eml").write_bytes(b"not ours")
    (tmp_path / "out" / "119").mkdir(parents=True)
    (tmp_path / "out" / "119" / "old.eml").write_bytes(b"ours")
    (tmp_path / "out" / "119" / "outbox").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UnsafePathError, match=r"out/119/outbox is a symbolic link"):
        remove(tmp_path / "out", ["119/old.eml", "119/outbox/stale.eml"])
    assert (elsewhere / "stale.eml").read_bytes() == b"not ours"
    assert (tmp_path / "out" / "119" / "old.eml").is_file()  # every path is checked first


def test_remove_skips_files_and_folders_already_gone(tmp_path: Path) -> None:
    write_all(tmp_path, {"a/x.txt": b"x", "y.txt": b"y"})
    assert remove(tmp_path, ["a/x.txt", "y.txt", "gone.txt", "b/gone.txt"]) == [
        tmp_path / "a" / "x.txt",
        tmp_path / "y.txt",
        tmp_path / "gone.txt",
        tmp_path / "b" / "gone.txt",
    ]
    assert [p.name for p in tmp_path.rglob("*")] == ["a"]
    assert remove(tmp_path / "missing", ["x.txt"]) == [tmp_path / "missing" / "x.txt"]


def test_remove_with_prune_deletes_the_folders_it_empties_only(tmp_path: Path) -> None:
    names = ["web/news/a/index.html", "web/news/b/index.html", "web/c/d/e.html", "web/c/f.html"]
    write_all(tmp_path, dict.fromkeys(names, b"x"))
    remove(tmp_path, ["web/news/a/index.html", "web/c/d/e.html", "web/gone/x.html"], prune=True)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "web",
        "web/c",
        "web/c/f.html",
        "web/news",
        "web/news/b",
        "web/news/b/index.html",
    ]
    remove(tmp_path, ["web/news/b/index.html"])  # without prune, the folder stays
    assert (tmp_path / "web" / "news" / "b").is_dir()


def test_outputs_are_readable_by_all_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        path = write_one(tmp_path, "a.txt", b"data")
    finally:
        os.umask(previous)
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_new_folder_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "extracted"
    assert write_folder(target, {"psgnews.yaml": b"a", "issues/1/issue.yaml": b"b"}) == [
        target / "psgnews.yaml",
        target / "issues" / "1" / "issue.yaml",
    ]
    assert (target / "issues" / "1" / "issue.yaml").read_bytes() == b"b"
    with pytest.raises(UnsafePathError):
        write_folder(tmp_path / "again", {"ok.txt": b"a", "../escaped.txt": b"b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extracted"]


def test_a_folder_the_machine_refuses_is_one_located_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(
        UnsafePathError, match=f"^cannot write in {blocked / 'out'}: Not a directory"
    ):
        write_all(blocked / "out", {"5/x.html": b"x"})
    with pytest.raises(UnsafePathError, match=f"^cannot write in {blocked / 'new'}: "):
        write_folder(blocked / "new", {"x": b"x"})


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_folder_is_one_located_error(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(UnsafePathError, match=f"^cannot write in {folder}: Permission denied"):
            write_all(folder, {"x.html": b"x"})
    finally:
        folder.chmod(0o755)


def test_a_build_into_a_folder_the_machine_refuses_says_where_in_one_line(
    tmp_path: Path, run: Run
) -> None:
    root = copy_project(tmp_path / "p")
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / "a-file" / "out"
    result = run("--root", root, "build", "119", "--format", "email", "--out", out)
    assert result.exit_code == 1
    assert f"\n  issue 119: cannot write in {out}: Not a directory\n" in result.output
    assert "internal error" not in result.output


def dead_pid() -> int:
    """Return the id of a process that has ended."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_temp_file_left_by_a_killed_writer_is_removed_by_the_next(tmp_path: Path) -> None:
    # What kill -9 leaves between writing a temp file and moving it into place.
    left = tmp_path / f".a.yaml.{dead_pid()}-0123abcd.tmp"
    left.write_bytes(b"half")
    running = tmp_path / f".a.yaml.{os.getppid()}-0123abcd.tmp"  # a writer still at work
    running.write_bytes(b"busy")
    other = tmp_path / f".b.yaml.{dead_pid()}-0123abcd.tmp"  # not a file this call writes
    other.write_bytes(b"half")
    write_all(tmp_path, {"a.yaml": b"whole"})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["a.yaml", running.name, other.name]
    )
