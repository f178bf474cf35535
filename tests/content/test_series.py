"""Series items are checked where they stand: their folder, their number, their date."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result

from tests.conftest import Run, add_fixture_issues

FOLDER = "issues/_series/peru-news"


def problems(result: Result) -> list[str]:
    """Return the located problems `check` printed, one a line."""
    return [line for line in result.output.splitlines() if line.startswith("issues/")]


def test_the_items_of_a_series_are_checked_and_counted(project: Path, run: Run) -> None:
    result: Result = run("--root", add_fixture_issues(project, "news"), "check")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "ok: 3 briefings (issues/_briefings/)",
        "ok: 4 items of Peru News (issues/_series/peru-news/)",
    ]


def test_an_item_in_another_series_folder_is_located(project: Path, run: Run) -> None:
    add_fixture_issues(project, "news")
    moved = project / "issues" / "_series" / "perunews"
    moved.mkdir()
    (project / FOLDER / "064-water-law-debated.yaml").rename(moved / "064-water-law-debated.yaml")
    result: Result = run("--root", project, "check")
    assert result.exit_code == 1
    assert problems(result) == [
        "issues/_series/perunews/064-water-law-debated.yaml:1:9: series:"
        " 'Peru News' belongs in issues/_series/peru-news/"
    ]


def test_a_number_its_file_name_does_not_say_is_located(project: Path, run: Run) -> None:
    add_fixture_issues(project, "news")
    item = project / FOLDER / "064-water-law-debated.yaml"
    item.rename(item.with_name("063-water-law-debated.yaml"))
    (project / FOLDER / "66-new-cabinet.yaml").write_bytes(
        (project / FOLDER / "066-new-cabinet.yaml").read_bytes()
    )
    (project / FOLDER / "066-new-cabinet.yaml").unlink()
    result: Result = run("--root", project, "check")
    assert result.exit_code == 1
    assert problems(result) == [
        f"{FOLDER}/063-water-law-debated.yaml:2:9: number: says 64 but the file name says 063",
        f"{FOLDER}/66-new-cabinet.yaml:1:1: not a series item file name: write NNN-name.yaml,"
        " e.g. issues/_series/peru-news/065-mining-protests.yaml",
    ]


def test_a_number_written_short_in_the_file_name_is_located(project: Path, run: Run) -> None:
    add_fixture_issues(project, "news")
    item = project / FOLDER / "064-water-law-debated.yaml"
    item.rename(item.with_name("0064-water-law-debated.yaml"))
    result: Result = run("--root", project, "check")
    assert problems(result) == [
        f"{FOLDER}/0064-water-law-debated.yaml:2:9: number: the file name writes it 0064:"
        " name it 064-..."
    ]


def test_items_of_one_number_with_two_dates_are_located(project: Path, run: Run) -> None:
    add_fixture_issues(project, "news")
    item = project / FOLDER / "065-mining-protests.yaml"
    item.write_text(item.read_text().replace("date: 2011-05-31", "date: 2011-05"))
    result: Result = run("--root", project, "check")
    assert result.exit_code == 1
    assert problems(result) == [
        f"{FOLDER}/065-mining-protests.yaml:3:7: date: says 2011-05, but"
        f" {FOLDER}/065-election-run-off.yaml dates Peru News 65 2011-05-31:"
        " its items share one date"
    ]


def test_a_file_outside_a_series_folder_and_bad_fields_are_located(project: Path, run: Run) -> None:
    series = project / "issues" / "_series"
    series.mkdir()
    (series / "065-loose.yaml").write_text("series: Peru News\n")
    (series / "peru-news").mkdir()
    (series / "peru-news" / "001-x.yaml").write_text(
        "series: Peru News\nnumber: 1\ndate: 2011-13\ntitle: T\nsection: Nws\nsummary: S.\n"
    )
    (series / "peru-news" / "002-y.yaml").write_text(
        "series: Peru News\nnumber: 2\ndate: 2011-03\ntitle: T\nsection: Nws\nsummary: S.\n"
    )
    result: Result = run("--root", project, "check")
    assert result.exit_code == 1
    assert problems(result) == [
        "issues/_series/065-loose.yaml:1:1: not in a series' folder: put each item in its"
        " series' folder, e.g. issues/_series/peru-news/065-mining-protests.yaml",
        'issues/_series/peru-news/001-x.yaml:3:7: date: not a date ("2011-13"): no such month',
        "issues/_series/peru-news/002-y.yaml:5:10: section: 'Nws' is not a section of"
        " psgnews.yaml; did you mean 'News'?",
    ]


def test_a_series_folder_is_never_an_issue(project: Path, run: Run) -> None:
    add_fixture_issues(project, "news")
    (project / "issues" / "_series" / "issue.yaml").write_bytes(
        (project / "issues" / "119" / "issue.yaml").read_bytes()
    )
    result: Result = run("--root", project, "check")
    assert "ok: 3 issues, 9 articles" in result.output
    assert problems(result) == [
        "issues/_series/issue.yaml:1:1: not in a series' folder: put each item in its"
        " series' folder, e.g. issues/_series/peru-news/065-mining-protests.yaml"
    ]
