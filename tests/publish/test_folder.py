"""Publishing to a folder: only changes are written, removed issues go, other files stay."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import Run


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_second_publish_sends_nothing_and_a_removed_issue_is_removed(
    project: Path, tmp_path: Path, run: Run
) -> None:
    site = tmp_path / "www" / "updates"
    first = run("--root", project, "publish", "--to", site)
    assert first.exit_code == 0, first.output
    web = project / "build" / "web"
    assert {k: v for k, v in files(site).items() if not k.startswith(".psgnews")} == files(web)
    (site / "notes.txt").write_text("the web server's own file")
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}

    again = run("--root", project, "publish", "--to", site)
    assert again.output.splitlines()[-1].endswith(f"0 sent, 0 removed, {len(files(web))} unchanged")
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == before

    shutil.rmtree(project / "issues" / "117")
    gone = run("--root", project, "publish", "--to", site)
    assert gone.exit_code == 0, gone.output
    assert "removed: 117/index.html" in gone.output.splitlines()
    assert not (site / "117").exists()
    assert (site / "notes.txt").read_text() == "the web server's own file"


def test_the_target_is_set_once_in_psgnews_yaml(project: Path, tmp_path: Path, run: Run) -> None:
    settings = project / "psgnews.yaml"
    settings.write_text(settings.read_text() + f"publish:\n  to: {tmp_path / 'www'}\n")
    result = run("--root", project, "publish")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "www" / "index.html").is_file()


def test_a_bad_target_in_psgnews_yaml_is_located(project: Path, run: Run) -> None:
    settings = project / "psgnews.yaml"
    lines = settings.read_text().count("\n")
    settings.write_text(settings.read_text() + "publish:\n  to: sftp:///var/www\n")
    result = run("--root", project, "publish")
    assert result.exit_code == 1
    assert f"psgnews.yaml:{lines + 2}:7: publish.to: sftp:// needs a host" in result.output


def test_the_archive_itself_is_refused_as_a_target(project: Path, run: Run) -> None:
    result = run("--root", project, "publish", "--to", "build/web/119")
    assert result.exit_code == 1
    assert "overlaps the archive's folder" in result.output


def test_nowhere_to_publish_says_how_to_set_it(project: Path, run: Run) -> None:
    result = run("--root", project, "publish")
    assert result.exit_code == 1
    assert "nowhere to publish: give --to" in result.output


def test_missing_pdfs_are_noticed_and_a_built_one_is_published(
    project: Path, tmp_path: Path, run: Run
) -> None:
    assert run("--root", project, "build", "119", "--format", "pdf").exit_code == 0
    result = run("--root", project, "publish", "--to", tmp_path / "www")
    assert result.output.splitlines()[0] == (
        "warning: no PDF in the archive for issue 117 118: build it first"
        " (psgnews build 117 118), or the archive links to none"
    )
    assert (tmp_path / "www" / "119" / "psg-update-119.pdf").is_file()


def test_a_draft_issue_is_not_published(project: Path, tmp_path: Path, run: Run) -> None:
    issue = project / "issues" / "119" / "issue.yaml"
    issue.write_text(issue.read_text() + "draft: true\n")
    result = run("--root", project, "publish", "--to", tmp_path / "www")
    assert result.exit_code == 0, result.output
    assert "web archive: issue 119 left out (a draft: issues/119/issue.yaml:" in result.output
    assert not (tmp_path / "www" / "119").exists()
