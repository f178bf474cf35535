"""`psgnews init`'s project: settings that check, placeholders marked, members kept out of git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from psgnews.content import starter
from psgnews.core.errors import ContentError, ProjectError


def test_a_new_project_holds_settings_a_standing_piece_gitignore_and_readme(
    tmp_path: Path,
) -> None:
    answers = {"publication": "Peru Support Group", "sender_address": "news@psg.example.net"}
    starter.create(tmp_path / "p", answers)
    names = sorted(p.relative_to(tmp_path / "p").as_posix() for p in (tmp_path / "p").rglob("*"))
    assert names == [
        ".gitignore",
        "README.md",
        "issues",
        "issues/_standing",
        "issues/_standing/about-us.yaml",
        "psgnews.yaml",
    ]
    settings = yaml.safe_load((tmp_path / "p/psgnews.yaml").read_text())
    assert settings["sender"] == {"name": "Peru Support Group", "address": "news@psg.example.net"}
    assert settings["standing"] == ["about-us"]


def test_settings_not_given_are_marked_placeholders() -> None:
    text = starter.settings_text({"publication": "PSG", "web_base_url": "https://psg.example.net/"})
    marked = [line.split(":")[0] for line in text.splitlines() if starter.PLACEHOLDER in line]
    assert marked == ["short_name", "newsletter", "sections", "  address"]
    assert 'web_base_url: "https://psg.example.net/"\n' in text


def test_an_example_address_given_is_still_marked() -> None:
    text = starter.settings_text({"sender_address": "news@example.org"})
    assert f'address: "news@example.org"  {starter.PLACEHOLDER}' in text


def test_values_are_quoted_so_a_colon_is_safe() -> None:
    text = starter.settings_text(
        {"publication": 'PSG: "Peru" news', "sections": "News, Human Rights"}
    )
    settings = yaml.safe_load(text)
    assert settings["publication"] == 'PSG: "Peru" news'
    assert settings["sections"] == ["News", "Human Rights"]


def test_settings_that_do_not_check_are_refused_and_nothing_written(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"sender\.address: 'news@' is not an email address"):
        starter.create(tmp_path / "p", {"sender_address": "news@"})
    assert not (tmp_path / "p").exists()


def test_a_folder_with_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "notes.txt").write_text("mine")
    with pytest.raises(ProjectError, match="is not empty: init starts a project in a new"):
        starter.create(tmp_path / "p", {})
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["notes.txt"]


def test_git_ignores_member_lists_secrets_and_build(tmp_path: Path) -> None:
    root = tmp_path / "p"
    starter.create(root, {})
    kept_out = ["members.csv", "members-2026.csv", "old-members.csv", "build/1/x.html", ".env"]
    for name in [*kept_out, "issues/1/issue.yaml", "notes.csv"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    done = subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "check-ignore",
            "--no-index",
            *kept_out,
            "issues/1/issue.yaml",
            "notes.csv",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.split() == kept_out
