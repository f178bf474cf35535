"""Every bad input gets one located error, exit code 1, no traceback, and nothing written."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import FIXTURES, REPO, Run

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.txt").is_file())


def make_case(name: str, target: Path) -> tuple[Path, str, str]:
    """Lay the fixture `name` over the valid base project; return it and what the error says."""
    shutil.copytree(FIXTURES / "_base", target)
    shutil.copytree(REPO / "layouts", target / "layouts")
    shutil.copytree(FIXTURES / name, target, dirs_exist_ok=True)
    (target / "expected.txt").unlink()
    location, message = (FIXTURES / name / "expected.txt").read_text().splitlines()
    return target, location, message


def test_base_project_is_valid(tmp_path: Path, run: Run) -> None:
    shutil.copytree(FIXTURES / "_base", tmp_path / "p")
    shutil.copytree(REPO / "layouts", tmp_path / "p" / "layouts")
    result = run("--root", tmp_path / "p", "build", "1", "--format", "email,text,eml")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_located(case: str, tmp_path: Path, run: Run) -> None:
    root, location, message = make_case(case, tmp_path / case)
    earlier = root / "build" / "1" / "psg-update-1.html"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("the previous build")

    for command in (["check"], ["build", "1"]):
        result = run("--root", root, *command)
        assert result.exit_code == 1, result.output
        assert f"{location}" in result.output
        assert message in result.output
        assert "Traceback" not in result.output
        assert "nothing was written" in result.output or "no issue" in result.output

    assert [p.name for p in earlier.parent.iterdir()] == ["psg-update-1.html"]
    assert earlier.read_text() == "the previous build"


def test_every_problem_is_reported_together_and_sorted(tmp_path: Path, run: Run) -> None:
    root, _, _ = make_case("unknown-key", tmp_path / "p")
    (root / "issues" / "1" / "second.yaml").write_text("title: [x]\nsection: News\nsummary: s\n")
    result = run("--root", root, "check")
    lines = [line for line in result.output.splitlines() if line.startswith("issues/")]
    assert lines == sorted(lines)
    assert len(lines) == 3  # the misspelt key also leaves summary missing
    assert "3 problems found; nothing was written." in result.output


def test_file_over_one_mebibyte_is_refused(tmp_path: Path, run: Run) -> None:
    root, _, _ = make_case("unknown-key", tmp_path / "p")
    (root / "issues" / "1" / "first.yaml").write_text("title: x\n" + "#" * (1024 * 1024))
    result = run("--root", root, "check")
    assert result.exit_code == 1
    assert "issues/1/first.yaml:1:1: file is larger than 1024 KiB; refused" in result.output


def test_alias_bomb_is_refused_quickly(tmp_path: Path, run: Run) -> None:
    root, _, _ = make_case("unknown-key", tmp_path / "p")
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    (root / "issues" / "1" / "first.yaml").write_text("\n".join(lines) + "\n")
    start = time.monotonic()
    result = run("--root", root, "check")
    assert time.monotonic() - start < 10  # expanded, the aliases would make 9**9 strings
    assert result.exit_code == 1
    assert "aliases" in result.output


def test_no_root_found_says_so(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 1
    assert "no psgnews.yaml" in result.output


def test_an_unreadable_lead_image_is_a_check_error(tmp_path: Path, run: Run) -> None:
    root, _, _ = make_case("unknown-key", tmp_path / "p")
    (root / "issues" / "1" / "images").mkdir()
    (root / "issues" / "1" / "images" / "bad.jpg").write_text("not a picture")
    (root / "issues" / "1" / "first.yaml").write_text(
        "title: T\nsection: News\nsummary: S.\nimage: {src: images/bad.jpg, alt: A photo}\n"
    )
    result = run("--root", root, "check", "1")
    assert result.exit_code == 1
    assert "issues/1/first.yaml:4:14: image.src: 'images/bad.jpg': not an image" in result.output


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sender: {name: T, address: bad@}", "sender.address: 'bad@' is not an email address"),
        ("newsletter: Up/date", "newsletter: 'Up/date' names the output files"),
        ("web_base_url: not a url", "web_base_url: 'not a url' is not a web address"),
    ],
)
def test_settings_that_would_break_a_build_are_checked(
    tmp_path: Path, run: Run, line: str, message: str
) -> None:
    root, _, _ = make_case("unknown-key", tmp_path / "p")
    (root / "issues" / "1" / "first.yaml").write_text("title: T\nsection: News\nsummary: S.\n")
    key = line.split(":")[0]
    config = root / "psgnews.yaml"
    kept = [old for old in config.read_text().splitlines() if not old.startswith(f"{key}:")]
    config.write_text("\n".join([*kept, line]) + "\n")
    result = run("--root", root, "check")
    assert result.exit_code == 1
    assert message in result.output
    assert "psgnews.yaml:" in result.output


def _outside(tmp_path: Path) -> Path:
    """Return a folder outside the project holding a valid article and a copy of issue 1."""
    outside = tmp_path / "outside"
    shutil.copytree(FIXTURES / "_base" / "issues" / "1", outside / "1")
    (outside / "1" / "issue.yaml").write_text("number: 2\ndate: 2007-03-31\n")
    return outside


def _hostile(root: Path, outside: Path, case: str) -> str:
    """Plant the hostile file `case` in the project at `root`; return where the error is."""
    issue = root / "issues" / "1"
    if case == "article linked outside":
        (issue / "issue.yaml").write_text("number: 1\ndate: 2007-01-31\n")
        (issue / "third.yaml").symlink_to(outside / "1" / "second.yaml")
        return "issues/1/third.yaml:1:1: file is a symbolic link"
    if case == "issue folder linked outside":
        (root / "issues" / "2").symlink_to(outside / "1")
        return "issues/2/issue.yaml:1:1: file is a symbolic link or inside a linked folder"
    if case == "standing piece linked":
        (root / "issues" / "_standing" / "aims.yaml").unlink()
        (root / "issues" / "_standing" / "aims.yaml").symlink_to(outside / "1" / "second.yaml")
        return "issues/_standing/aims.yaml:1:1: file is a symbolic link"
    if case == "fifo":
        os.mkfifo(issue / "x.yaml")
        return "issues/1/x.yaml:1:1: file is a FIFO, not a regular file; refused"
    if case == "link to /dev/zero":
        (issue / "zero.yaml").symlink_to("/dev/zero")
        return "issues/1/zero.yaml:1:1: file is a symbolic link"
    if case == "folder named like an article":
        (issue / "folder.yaml").mkdir()
        return "issues/1/folder.yaml:1:1: file is a folder, not a regular file; refused"
    raise AssertionError(case)


def _limited() -> None:
    """Cap the child's memory: a reader that follows /dev/zero must fail, not fill the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [
        "article linked outside",
        "issue folder linked outside",
        "standing piece linked",
        "fifo",
        "link to /dev/zero",
        "folder named like an article",
    ],
)
def test_content_files_are_regular_files_inside_the_root(tmp_path: Path, case: str) -> None:
    root, _, _ = make_case("unknown-key", tmp_path / "p")
    shutil.copy(FIXTURES / "_base" / "issues" / "1" / "first.yaml", root / "issues/1/first.yaml")
    where = _hostile(root, _outside(tmp_path), case)
    script = Path(sys.executable).with_name("psgnews")
    for command in (["check"], ["build", "--all", "--format", "text", "--jobs", "1"]):
        done = subprocess.run(
            [script, "--root", root, *command],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limited,
            check=False,
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert where in done.stderr
        assert "Traceback" not in done.stderr


def test_a_misspelt_lead_image_gets_a_did_you_mean(tmp_path: Path, run: Run) -> None:
    root, _, _ = make_case("missing-image", tmp_path / "p")
    (root / "issues" / "1" / "images").mkdir()
    Image.new("RGB", (8, 8)).save(root / "issues" / "1" / "images" / "nowhere.jpeg")
    result = run("--root", root, "check", "1")
    assert result.exit_code == 1
    assert (
        "issues/1/first.yaml:4:14: image.src: no image file 'images/nowhere.jpg' in issues/1/;"
        " did you mean 'images/nowhere.jpeg'?"
    ) in result.output


def test_a_misspelt_order_entry_gets_a_did_you_mean(tmp_path: Path, run: Run) -> None:
    root, _, _ = make_case("missing-image", tmp_path / "p")
    (root / "issues/1/first.yaml").write_text("title: T\nsection: News\nsummary: S.\n")
    (root / "issues/1/issue.yaml").write_text(
        "number: 1\ndate: 2007-01-31\norder: [frist, second]\n"
    )
    result = run("--root", root, "check", "1")
    assert result.exit_code == 1
    assert (
        "issues/1/issue.yaml:3:9: order.0: 'frist' names no article file (frist.yaml);"
        " did you mean 'first'?"
    ) in result.output
