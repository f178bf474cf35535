"""The wheel: `pip install psgnews` builds a content repository that has no layouts/ of its own.

The default layout ships inside the package (psgnews/layouts/default); a project's
own layouts/default wins when it has one (tests/render/test_layouts.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

pytestmark = pytest.mark.slow  # pip builds the wheel in an isolated environment

FORMATS = "email,text,pdf"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built as `pip wheel` builds it."""
    folder = tmp_path_factory.mktemp("dist")
    pip = [sys.executable, "-m", "pip"]
    command = [*pip, "wheel", "--no-deps", "-q", "-w", str(folder), str(REPO)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    (found,) = folder.glob("psgnews-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding only the wheel's psgnews (its dependencies come from this venv)."""
    target = tmp_path_factory.mktemp("site")
    pip = [sys.executable, "-m", "pip"]
    command = [*pip, "install", "--no-deps", "-q", "--target", str(target), str(wheel)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return target


def with_installed(installed: Path, *args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python ARGS` with the installed psgnews first on the path, ahead of this checkout."""
    env = {**os.environ, "PYTHONPATH": str(installed)}
    command = [sys.executable, *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_wheel_holds_the_default_layout(wheel: Path) -> None:
    default = REPO / "layouts" / "default"
    shipped = {p.relative_to(default).as_posix() for p in default.rglob("*") if p.is_file()}
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    prefix = "psgnews/layouts/default/"
    assert {n.removeprefix(prefix) for n in names if n.startswith(prefix)} == shipped
    assert not [n for n in names if n.startswith("layouts/")]  # nothing beside the package


def test_the_wheel_holds_the_preview_page_templates(wheel: Path) -> None:
    folder = REPO / "psgnews" / "serve" / "templates"
    wanted = {f"psgnews/serve/templates/{p.name}" for p in folder.iterdir()}
    with zipfile.ZipFile(wheel) as archive:
        assert wanted <= set(archive.namelist())


def test_the_installed_wheel_builds_a_project_without_layouts(
    installed: Path, project: Path, tmp_path: Path, run: Run
) -> None:
    normal = tmp_path / "normal"
    result = run("--root", project, "build", "119", "--format", FORMATS, "--out", normal)
    assert result.exit_code == 0, result.output
    shutil.rmtree(project / "layouts")
    where = with_installed(installed, "-c", "import psgnews; print(psgnews.__file__)", cwd=project)
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr
    out = tmp_path / "wheel"
    done = with_installed(
        installed, "-m", "psgnews", "build", "119", "--format", FORMATS, "--out", out, cwd=project
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (normal / "119").iterdir())
    assert names == [f"psg-update-119.{kind}" for kind in ("html", "pdf", "txt")]
    assert sorted(p.name for p in (out / "119").iterdir()) == names
    for name in names:
        assert (out / "119" / name).read_bytes() == (normal / "119" / name).read_bytes(), name


def test_a_new_user_goes_from_init_to_a_published_archive(installed: Path, tmp_path: Path) -> None:
    """init → new → check → build → publish, with only the wheel's psgnews and no repository."""

    def psgnews(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
        done = with_installed(installed, "-m", "psgnews", *args, cwd=cwd)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    where = with_installed(installed, "-c", "import psgnews; print(psgnews.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr
    settings = ["--publication", "Peru Support Group", "--sender-address", "news@psg.example.net"]
    settings += ["--web-base-url", "https://psg.example.net/updates/", "--newsletter", "Update"]
    settings += ["--short-name", "psg", "--sections", "News,Human Rights"]
    psgnews("init", "my-update", *settings, cwd=tmp_path)
    project = tmp_path / "my-update"
    assert not (project / "layouts").exists()
    psgnews("new", "1", "--date", "2026-01-31", cwd=project)
    psgnews("new", "1", "--article", "Mining protests in Cajamarca", cwd=project)
    article = project / "issues" / "1" / "mining-protests-in-cajamarca.yaml"
    assert "still the placeholder text" in psgnews("check", cwd=project).stderr
    text = article.read_text().replace("One or two sentences", "Thousands marched. Two sentences")
    article.write_text(text)
    assert psgnews("check", cwd=project).stderr == ""
    psgnews("build", "1", "--format", FORMATS, cwd=project)
    site = tmp_path / "www"
    first = psgnews("publish", "--to", site, cwd=project)
    assert "warning" not in first.stdout + first.stderr
    assert (site / "1" / "psg-update-1.pdf").is_file()
    assert "Mining protests in Cajamarca" in (site / "index.html").read_text()
    again = psgnews("publish", "--to", site, cwd=project)
    assert " 0 sent, 0 removed, " in again.stdout
