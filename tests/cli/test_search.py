"""`psgnews search`: one line and an excerpt per result, exit codes, filters, messages."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run, run_process

OJO = "issues/119/setbacks-for-reparations-process-debate.yaml"


def test_results_are_a_line_and_an_excerpt_each(project: Path, run: Run) -> None:
    result = run("--root", project, "search", "Ojo", "que", "llora")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    title = "Setbacks for Reparations Process: Debate over Ojo que Llora Monument"
    assert lines[0] == f"Update 119  2007-01-31  {title}  {OJO}"
    assert lines[1].startswith("    ") and "Ojo que Llora" in lines[1]
    assert len(lines) % 2 == 0


def test_briefings_are_found_and_filtered_by_kind(project: Path, run: Run) -> None:
    briefing = "issues/_briefings/2006-07-31-us-peruvian-free-trade-agreement.yaml"
    found = run("--root", project, "search", "free", "trade", "--kind", "briefing").output
    assert found.splitlines()[0].startswith("Briefing  2006-07-31  US-Peruvian Free Trade")
    assert found.splitlines()[0].endswith(briefing)
    assert run("--root", project, "search", "free", "trade", "--kind", "series").exit_code == 1


def test_dates_and_sections_limit_the_results(project: Path, run: Run) -> None:
    everything = run("--root", project, "search", "peru").output
    assert "Update 117" in everything and "Update 119" not in everything
    later = run("--root", project, "search", "peru", "--since", "2006-11").output
    assert "Update 117" not in later and "Update 118" in later
    assert run("--root", project, "search", "peru", "--until", "2006-08").output.startswith(
        "Briefing"
    )
    unknown = run("--root", project, "search", "peru", "--section", "Newz")
    assert unknown.exit_code == 2 and "did you mean 'News'" in unknown.output


def test_nothing_found_exits_1(project: Path, run: Run) -> None:
    result = run("--root", project, "search", "kuntur")
    assert (result.exit_code, result.output) == (1, "nothing found\n")


def test_a_stray_quote_or_star_is_a_usage_error(project: Path, run: Run) -> None:
    quote = run("--root", project, "search", '"human', "rights")
    assert quote.exit_code == 2 and "never closed" in quote.output
    star = run("--root", project, "search", "*")
    assert star.exit_code == 2 and "a * works only at the end of a word" in star.output
    assert "Traceback" not in quote.output + star.output


def test_a_file_with_problems_is_named_on_stderr(project: Path) -> None:
    (project / "issues/119/broken.yaml").write_text("title: Ojo\nsection: News\n")
    done = run_process("--root", project, "search", "ojo")
    assert done.returncode == 0
    assert OJO in done.stdout
    assert "warning: not searched: issues/119/broken.yaml:1:1: summary:" in done.stderr
