"""Reading a file someone else may have made: regular files only, no links, a hard byte limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from psgnews.core.errors import UnreadableFileError
from psgnews.core.readfile import is_regular, passes_link, read_regular


def test_a_regular_file_is_read_whole_up_to_its_limit(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"x" * 10)
    assert read_regular(tmp_path / "a.yaml", 10) == b"x" * 10
    with pytest.raises(UnreadableFileError, match="is larger than 0 KiB"):
        read_regular(tmp_path / "a.yaml", 9)


def test_the_limit_counts_the_bytes_read_not_the_size_the_file_claims() -> None:
    # /proc files are regular files that say they hold nothing, and give more when read.
    claimed = Path(f"/proc/{os.getpid()}/environ")
    assert claimed.stat().st_size == 0 and os.environ
    with pytest.raises(UnreadableFileError, match="is larger than"):
        read_regular(claimed, 1)
    assert read_regular(claimed, 1 << 20) == claimed.read_bytes()  # read on past what it claims


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_link_is_refused_whether_it_is_the_file_or_a_folder_above_it(
    tmp_path: Path, where: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.yaml").write_text("title: elsewhere\n")
    project = tmp_path / "project"
    project.mkdir()
    if where == "file":
        (project / "a.yaml").symlink_to(outside / "a.yaml")
        path = project / "a.yaml"
    else:
        (project / "issue").symlink_to(outside)
        path = project / "issue" / "a.yaml"
    with pytest.raises(UnreadableFileError, match="symbolic link"):
        read_regular(path, 100)
    assert not is_regular(path)


def test_a_linked_folder_the_user_chose_is_followed_but_nothing_below_it(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "119").mkdir(parents=True)
    (real / "119" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "out").symlink_to(real)  # e.g. --out pointing at a bigger disk
    out = tmp_path / "out"
    assert read_regular(out / "119" / "a.pdf", within=out) == b"%PDF"
    (real / "120").symlink_to(real / "119")
    with pytest.raises(UnreadableFileError, match="symbolic link"):
        read_regular(out / "120" / "a.pdf", within=out)
    assert not is_regular(out / "120" / "a.pdf", within=out)
    assert not is_regular(tmp_path / "elsewhere.pdf", within=out)


def test_below_a_chosen_folder_a_step_back_counts_as_a_link_and_a_missing_part_as_none(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    (out / "119").mkdir(parents=True)
    (tmp_path / "elsewhere.pdf").write_bytes(b"%PDF")
    assert passes_link(out / "119" / ".." / ".." / "elsewhere.pdf", out)
    assert not passes_link(out / "121" / "a.pdf", out)  # not there yet: nothing is passed
    assert not passes_link(out, out)


def test_with_the_chosen_folders_real_path_given_every_part_below_it_is_still_checked(
    tmp_path: Path,
) -> None:
    # An import of a mirror gives the folder's real path once for its thousands of files.
    real = tmp_path / "real"
    (real / "a" / "b").mkdir(parents=True)
    (real / "a" / "b" / "x.html").write_bytes(b"<p>")
    (tmp_path / "mirror").symlink_to(real)
    mirror, known = tmp_path / "mirror", os.path.realpath(tmp_path / "mirror")
    assert read_regular(mirror / "a" / "b" / "x.html", within=mirror, real=known) == b"<p>"
    (real / "c").symlink_to(real / "a")  # a linked folder two parts up
    (real / "a" / "y.html").symlink_to(real / "a" / "b" / "x.html")  # a linked file
    (real / "a" / "b" / "z").symlink_to("z")  # a link to itself
    for linked in ("c/b/x.html", "a/y.html", "a/b/z", "c/../a/b/x.html"):
        with pytest.raises(UnreadableFileError, match="symbolic link"):
            read_regular(mirror / linked, within=mirror, real=known)
    with pytest.raises(FileNotFoundError):
        read_regular(mirror / "a" / "absent" / "x.html", within=mirror, real=known)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.yaml")
    with pytest.raises(UnreadableFileError, match="is a FIFO, not a regular file"):
        read_regular(tmp_path / "x.yaml", 100)


def test_a_missing_file_raises_as_open_does(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "absent.yaml", 100)
