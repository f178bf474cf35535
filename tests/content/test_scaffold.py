from __future__ import annotations

from pathlib import Path

from tests.conftest import Run


def test_new_issue_then_article_builds(project: Path, run: Run) -> None:
    assert run("--root", project, "new", "120", "--date", "2007-03-31").exit_code == 0
    result = run("--root", project, "new", "120", "--article", "Mining protests in Cajamarca")
    assert result.exit_code == 0, result.output
    assert (project / "issues" / "120" / "mining-protests-in-cajamarca.yaml").is_file()
    result = run("--root", project, "build", "120", "--format", "text")
    assert result.exit_code == 0, result.output
    text = (project / "build" / "120" / "psg-update-120.txt").read_text()
    assert "Mining protests in Cajamarca" in text


def test_new_article_joins_an_existing_order(project: Path, run: Run) -> None:
    result = run("--root", project, "new", "119", "--article", "A late addition")
    assert result.exit_code == 0, result.output
    issue_yaml = (project / "issues" / "119" / "issue.yaml").read_text()
    assert issue_yaml.rstrip().endswith("- a-late-addition")
    assert run("--root", project, "check", "119").exit_code == 0


def test_new_article_joins_a_one_line_order(project: Path, run: Run) -> None:
    (project / "issues" / "118" / "issue.yaml").write_text(
        "number: 118\ndate: 2006-11-30\norder: [cocaine-figures-up, amnesty-international-call-for-urgent]\n"
    )
    assert run("--root", project, "new", "118", "--article", "Late").exit_code == 0
    assert (
        "amnesty-international-call-for-urgent, late]"
        in (project / "issues/118/issue.yaml").read_text()
    )
    assert run("--root", project, "check", "118").exit_code == 0


def test_new_refuses_to_overwrite(project: Path, run: Run) -> None:
    issue_yaml = project / "issues" / "119" / "issue.yaml"
    before = issue_yaml.read_bytes()
    result = run("--root", project, "new", "119", "--date", "2007-01-31")
    assert result.exit_code == 1
    assert "issue 119 already exists" in result.output
    assert issue_yaml.read_bytes() == before


def test_new_needs_exactly_one_option(project: Path, run: Run) -> None:
    both = ("--date", "2007-03-31", "--article", "Late")
    for options in ((), both):
        result = run("--root", project, "new", "121", *options)
        assert result.exit_code == 2
        assert "give exactly one of --date (a new issue) or --article" in result.output
    assert not (project / "issues" / "121").exists()


def test_new_articles_sample_date_is_the_issues(project: Path, run: Run) -> None:
    assert run("--root", project, "new", "120", "--date", "2007-03-31").exit_code == 0
    assert run("--root", project, "new", "120", "--article", "Late").exit_code == 0
    text = (project / "issues/120/late.yaml").read_text()
    assert "# date: 2007-03-31    # defaults to the issue's date" in text


def test_new_article_without_an_order_says_the_sections_order_it(project: Path, run: Run) -> None:
    assert run("--root", project, "new", "120", "--date", "2007-03-31").exit_code == 0
    result = run("--root", project, "new", "120", "--article", "Late")
    assert result.output.splitlines()[1] == (
        "issue.yaml has no order:, so the articles run in psgnews.yaml's section order"
    )


def test_new_article_with_an_order_says_it_joined_it(project: Path, run: Run) -> None:
    result = run("--root", project, "new", "119", "--article", "Late")
    assert result.output.splitlines()[1] == "added late to the end of issue.yaml's order:"
