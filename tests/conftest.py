"""Shared fixtures: a copy of the sample project, and the CLI run in-process or as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from psgnews.cli import cli
from synthetic.sample import copy_sample
from synthetic.smtpserver import SmtpServer
from tests.chromium import Browser

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The sample archive the tests build: a frozen copy of the repository's issues/ and settings,
# so an editor's work in progress in issues/ (or psgnews.yaml) cannot fail the tests.
SAMPLE = FIXTURES / "sample"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
Run = Callable[..., Result]  # the `run` fixture: run("--root", dir, "build", "119")


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the cache of checked content (psgnews.core.cache) out of the user's ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))  # inherited by the subprocesses too
        yield folder


def copy_project(target: Path) -> Path:
    """Copy the sample project (tests/fixtures/sample/ and the repository's layouts) into `target`."""
    return copy_sample(target, SAMPLE)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the sample project."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def run() -> Run:
    """Run the psgnews CLI in-process: run("--root", dir, "build", "119")."""

    def invoke(*args: object) -> Result:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def run_process(
    *args: object, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script `psgnews` as a real subprocess."""
    script = Path(sys.executable).with_name("psgnews")
    return subprocess.run(
        [str(script), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def plain_text(message: EmailMessage) -> str:
    """Return the text of `message`'s text/plain body, asserting it has one."""
    body = message.get_body(("plain",))
    assert body is not None, "no text/plain body"
    return str(body.get_content())


@pytest.fixture
def artifacts() -> Path:
    """A folder kept after the run for screenshots and rendered pages (tests/artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def add_fixture_issues(project: Path, case: str) -> Path:
    """Copy the issues of `tests/fixtures/<case>/` into `project`; return the project."""
    shutil.copytree(FIXTURES / case / "issues", project / "issues", dirs_exist_ok=True)
    return project


@pytest.fixture
def rich(project: Path) -> Path:
    """The sample project plus Update 120, an issue using every feature the email shows."""
    return add_fixture_issues(project, "email-rich")


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1, keeping what it takes."""
    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, one per test module that looks at pages."""
    chromium = Browser()
    try:
        yield chromium
    finally:
        chromium.close()
