"""`psgnews init` on the command line: options, placeholders without a terminal, and what next."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import Run, run_process


def test_init_without_a_terminal_leaves_marked_placeholders(tmp_path: Path) -> None:
    done = run_process("init", tmp_path / "new", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == (
        "placeholders to change in psgnews.yaml:"
        " publication, newsletter, short_name, web_base_url, sender_address, sections"
    )
    text = (tmp_path / "new" / "psgnews.yaml").read_text()
    assert text.count("# PLACEHOLDER: ") == 7  # the sender's name is the publication's
    checked = run_process("check", cwd=tmp_path / "new")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "ok: 0 issues, 0 articles\n"


def test_init_takes_the_settings_as_options(tmp_path: Path, run: Run) -> None:
    options = ["--publication", "Peru Support Group", "--web-base-url", "https://psg.example.net/"]
    options += ["--sender-address", "news@psg.example.net", "--sections", "News,Human Rights"]
    result = run("init", tmp_path / "new", *options)
    assert result.exit_code == 0, result.output
    assert "placeholders to change in psgnews.yaml: newsletter, short_name" in result.output
    settings = yaml.safe_load((tmp_path / "new" / "psgnews.yaml").read_text())
    assert settings["web_base_url"] == "https://psg.example.net/"
    assert settings["sections"] == ["News", "Human Rights"]


def test_init_refuses_a_bad_setting_with_a_located_message(tmp_path: Path, run: Run) -> None:
    result = run("init", tmp_path / "new", "--web-base-url", "www.example.org")
    assert result.exit_code == 1
    assert "psgnews.yaml:7:15: web_base_url: 'www.example.org' is not a web address" in (
        result.output
    )
    assert not (tmp_path / "new").exists()


def test_init_lists_its_options_in_help(run: Run) -> None:
    shown = run("init", "--help").output
    for flag in ("--publication", "--web-base-url", "--sender-address", "--sections"):
        assert flag in shown


def answer_on_a_terminal(command: list[str], answers: dict[str, str]) -> str:
    """Run `command` on a pseudo-terminal, typing each answer when its question shows; return all."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    seen, pending = "", dict(answers)
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 30)
            assert ready, f"no output for 30 s; so far: {seen!r}"
            try:
                chunk = os.read(leader, 4096).decode()
            except OSError:  # the process ended and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            for question in [q for q in pending if q in seen]:
                os.write(leader, (pending.pop(question) + "\n").encode())
    finally:
        os.close(leader)
        assert process.wait(30) == 0, seen
    return seen


def test_init_asks_for_the_settings_on_a_terminal(tmp_path: Path) -> None:
    script = str(Path(sys.executable).with_name("psgnews"))
    given = ["--newsletter", "Update", "--short-name", "psg", "--sections", "News"]
    seen = answer_on_a_terminal(
        [script, "init", str(tmp_path / "new"), *given],
        {
            "Publication (who sends it) [Peru Support Group]:": "",
            "Web address of the archive:": "https://psg.example.net/updates/",
            "Sender's email address:": "news@psg.example.net",
        },
    )
    assert "placeholders" not in seen
    text = (tmp_path / "new" / "psgnews.yaml").read_text()
    assert "PLACEHOLDER" not in text
    settings = yaml.safe_load(text)
    assert settings["publication"] == "Peru Support Group"
    assert settings["sender"]["address"] == "news@psg.example.net"
