"""The cache of checked content: unchanged issues come back as they were, changed ones are read."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from psgnews.content import load, yamlread
from psgnews.content.load import load_issue
from psgnews.content.project import open_root
from psgnews.core import cache
from psgnews.core.errors import ContentError
from psgnews.render import budget, documents, mailing


def _forbid_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(kind: type[object], doc: yamlread.Document) -> None:
        raise AssertionError(f"{doc.display} was checked again")

    monkeypatch.setattr(load, "validate", refuse)


def test_an_unchanged_issue_is_not_read_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_issue(open_root(project), 119)
    _forbid_checking(monkeypatch)
    again = load_issue(open_root(project), 119)
    assert again == first
    assert again is not first  # it came from the cache, not from this process's memory


def test_an_edited_article_is_read_and_checked_again(project: Path) -> None:
    root = open_root(project)
    first = load_issue(root, 119)
    article = project / "issues" / "119" / f"{first.articles[0].slug}.yaml"
    article.write_text("title: Edited\n" + article.read_text().split("\n", 1)[1])
    assert load_issue(root, 119).articles[0].title == "Edited"
    article.write_text(article.read_text().replace("title:", "titel:", 1))
    with pytest.raises(ContentError, match="unknown field; did you mean 'title'"):
        load_issue(root, 119)


def test_an_edited_standing_piece_layout_or_setting_means_reading_again(project: Path) -> None:
    root = open_root(project)
    digest = load_issue(root, 119).digest
    for path in ("issues/_standing/psg-aims.yaml", "layouts/default/print.css"):
        (project / path).write_text((project / path).read_text() + "\n")
        assert load_issue(root, 119).digest != digest
        digest = load_issue(root, 119).digest
    settings = project / "psgnews.yaml"
    settings.write_text(settings.read_text().replace("publication:", "publication: The", 1))
    assert load_issue(open_root(project), 119).config.publication.startswith("The")


def test_a_moved_project_is_not_served_the_old_paths(project: Path, tmp_path: Path) -> None:
    load_issue(open_root(project), 119)
    moved = project.rename(tmp_path / "moved")
    assert load_issue(open_root(moved), 119).layout_dirs == (moved / "layouts" / "default",)


def test_a_corrupt_entry_means_reading_again(project: Path) -> None:
    first = load_issue(open_root(project), 119)
    folder = cache.folder(project)
    assert folder is not None
    for entry in folder.iterdir():
        entry.write_bytes(b"\x80\x05not a pickle")
    assert load_issue(open_root(project), 119) == first


def test_a_cache_that_cannot_be_written_is_no_error(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert load_issue(open_root(project), 119).number == 119


def test_the_cache_can_be_turned_off(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_issue(open_root(project), 119)
    monkeypatch.setenv(cache.OFF, "1")
    calls: list[str] = []
    real = yamlread.read

    def counted(path: Path, display: str) -> yamlread.Document:
        calls.append(display)
        return real(path, display)

    monkeypatch.setattr(yamlread, "read", counted)
    load_issue(open_root(project), 119)
    assert "issues/119/issue.yaml" in calls and "psgnews.yaml" in calls


def test_the_cache_folder_is_private(project: Path) -> None:
    load_issue(open_root(project), 119)
    folder = cache.folder(project)
    assert folder is not None
    assert folder.stat().st_mode & 0o077 == 0
    assert folder.parent.stat().st_mode & 0o077 == 0


def test_a_remembered_email_size_still_warns(
    project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    issue = load_issue(open_root(project), 119)
    size = mailing.check_size(issue, project)
    monkeypatch.setattr(documents, "email_html", lambda issue: "not rendered again")
    assert mailing.check_size(issue, project) == size
    monkeypatch.setattr(budget, "WARN_BYTES", size - 1)
    with caplog.at_level(logging.WARNING, "psgnews"):
        mailing.check_size(issue, project)
    assert "near Gmail's clipping limit" in caplog.text


def test_an_issue_with_a_problem_is_never_kept(project: Path) -> None:
    """An issue with a problem is never kept: the problem is reported on every run."""
    bad = project / "issues" / "119" / "issue.yaml"
    bad.write_text(bad.read_text() + "colour: red\n")
    for _ in range(2):
        with pytest.raises(ContentError, match="colour: unknown field"):
            load.load_issues(open_root(project), [119])


@pytest.mark.slow
def test_a_rebuild_of_an_unchanged_issue_imports_no_pydantic(project: Path) -> None:
    command = [sys.executable, "-X", "importtime", "-m", "psgnews", "--root", str(project)]
    command += ["build", "119", "--format", "email,text,eml", "--force"]
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert "pydantic._internal" in first.stderr  # the first build checks the files
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert "psgnews.render.eml" in again.stderr  # the import report is there
    assert "pydantic._internal" not in again.stderr


class _Planted:
    """A pickle someone else left in the cache: loading it runs their code (here, a mkdir)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def _plant(project: Path, marker: Path) -> Path:
    """Fill the project's cache folder with planted pickles; return the folder."""
    load_issue(open_root(project), 119)  # makes the folder and its entries
    folder = cache.folder(project)
    assert folder is not None
    for entry in folder.iterdir():
        entry.write_bytes(pickle.dumps(_Planted(marker)))
    return folder


def _loads_nothing_planted(project: Path, marker: Path) -> None:
    assert load_issue(open_root(project), 119).number == 119
    assert not marker.exists(), "a planted pickle was loaded"


def test_entries_of_ones_own_private_folder_are_loaded(project: Path, tmp_path: Path) -> None:
    # The planted pickles are loaded here: the checks below are what keeps them out.
    _plant(project, tmp_path / "ran")
    assert load_issue(open_root(project), 119).number == 119  # what it made is no entry
    assert (tmp_path / "ran").is_dir()


@pytest.mark.parametrize("what", ["folder", "entry"])
def test_nothing_is_loaded_from_a_cache_others_can_write(
    project: Path, tmp_path: Path, what: str
) -> None:
    folder = _plant(project, tmp_path / "ran")
    for path in [folder] if what == "folder" else list(folder.iterdir()):
        path.chmod(path.stat().st_mode | 0o022)
    _loads_nothing_planted(project, tmp_path / "ran")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user takes root")
@pytest.mark.parametrize("what", ["folder", "entry"])
def test_nothing_is_loaded_from_a_cache_someone_else_owns(
    project: Path, tmp_path: Path, what: str
) -> None:
    folder = _plant(project, tmp_path / "ran")
    for path in [folder] if what == "folder" else list(folder.iterdir()):
        os.chown(path, 65534, 65534)
    _loads_nothing_planted(project, tmp_path / "ran")


@pytest.mark.parametrize("what", ["folder", "entry"])
def test_nothing_is_loaded_through_a_link(project: Path, tmp_path: Path, what: str) -> None:
    folder = _plant(project, tmp_path / "ran")
    if what == "folder":
        moved = folder.rename(tmp_path / "elsewhere")
        folder.symlink_to(moved)
    else:
        for entry in folder.iterdir():
            entry.rename(tmp_path / entry.name)
            entry.symlink_to(tmp_path / entry.name)
    _loads_nothing_planted(project, tmp_path / "ran")


@pytest.mark.parametrize("home", ["relative", "inside the project"])
def test_a_cache_home_that_is_relative_or_in_the_project_is_not_used(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    # A project handed over can ship .cache/psgnews/... with pickles, owned by whoever unpacks it.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(project)
    monkeypatch.setenv(
        "XDG_CACHE_HOME", ".cache" if home == "relative" else str(project / ".cache")
    )
    assert cache.folder(project) == cache.folder(project.resolve())
    folder = cache.folder(project)
    assert folder is not None and folder.is_relative_to(tmp_path / "home" / ".cache")
    monkeypatch.setenv("HOME", str(project))  # ~/.cache is in the project too: no cache at all
    assert cache.folder(project) is None
    assert load_issue(open_root(project), 119).number == 119
