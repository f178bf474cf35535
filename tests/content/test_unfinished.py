"""Drafts and `psgnews new`'s placeholder text: marked by build, refused by send, noted by check."""

from __future__ import annotations

from pathlib import Path

import yaml

from synthetic.smtpserver import SmtpServer, configure, write_members
from tests.conftest import Run

ARTICLE = "issues/119/69-congresspersons-vote-to-support-trc.yaml"


def mark_draft(project: Path, name: str) -> int:
    """Add `draft: true` as the last line of `name`; return its line number."""
    path = project / name
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, "draft: true"]) + "\n", encoding="utf-8")
    return len(lines) + 1


def test_build_marks_a_draft_article_and_the_issue(project: Path, run: Run) -> None:
    mark_draft(project, ARTICLE)
    result = run("--root", project, "build", "119", "--format", "text,email")
    assert result.exit_code == 0, result.output
    text = (project / "build/119/psg-update-119.txt").read_text()
    assert "Update 119 (draft)" in text
    assert "DRAFT: 69 Congresspersons" in text
    assert "DRAFT: 69 Congresspersons" in (project / "build/119/psg-update-119.html").read_text()


def test_the_web_archive_leaves_a_draft_issue_out_and_says_so(project: Path, run: Run) -> None:
    line = mark_draft(project, "issues/119/issue.yaml")
    result = run("--root", project, "build", "--all", "--format", "text")
    assert result.exit_code == 0, result.output
    assert f"web archive: issue 119 left out (a draft: issues/119/issue.yaml:{line})" in (
        result.output
    )
    web = project / "build" / "web"
    assert not (web / "119").exists()
    assert (web / "118" / "index.html").is_file()
    assert "119/index.html" not in (web / "index.html").read_text()


def test_an_issue_no_longer_a_draft_joins_the_archive(project: Path, run: Run) -> None:
    issue = project / "issues/119/issue.yaml"
    before = issue.read_bytes()
    mark_draft(project, "issues/119/issue.yaml")
    assert run("--root", project, "build", "--all", "--format", "text").exit_code == 0
    issue.write_bytes(before)
    result = run("--root", project, "build", "--all", "--format", "text")
    assert result.exit_code == 0, result.output
    assert "left out" not in result.output
    assert (project / "build/web/119/index.html").is_file()


def test_send_refuses_an_issue_holding_a_draft(
    project: Path, smtp_server: SmtpServer, run: Run
) -> None:
    configure(project, smtp_server)
    line = mark_draft(project, ARTICLE)
    members = write_members(project / "members.csv", [("a@example.org", "A", "email", "active")])
    result = run("--root", project, "send", "119", "--members", members)
    assert result.exit_code == 1
    assert (
        f"{ARTICLE}:{line}:8: draft: this article is a draft: remove `draft: true` to send it"
        in result.output
    )
    assert smtp_server.taken == []
    assert not (project / "build/119/send-journal.sqlite").exists()


def new_article(project: Path, run: Run) -> Path:
    """Start issue 120 dated 2007-03-31 and add an untouched article to it; return the article."""
    assert run("--root", project, "new", "120", "--date", "2007-03-31").exit_code == 0
    result = run("--root", project, "new", "120", "--article", "Mining protests")
    assert result.exit_code == 0, result.output
    return project / "issues/120/mining-protests.yaml"


def test_check_warns_of_placeholder_text_where_it_stands(project: Path, run: Run) -> None:
    new_article(project, run)
    result = run("--root", project, "check", "120")
    assert result.exit_code == 0, result.output
    assert (
        "warning: issues/120/mining-protests.yaml:4:10: summary: still the placeholder text"
        " `psgnews new` wrote; write the article's teaser"
    ) in result.output


def test_send_refuses_placeholder_text(project: Path, smtp_server: SmtpServer, run: Run) -> None:
    configure(project, smtp_server)
    new_article(project, run)
    members = write_members(project / "members.csv", [("a@example.org", "A", "email", "active")])
    result = run("--root", project, "send", "120", "--members", members)
    assert result.exit_code == 1
    assert "issues/120/mining-protests.yaml:4:10: summary: still the placeholder text" in (
        result.output
    )
    assert smtp_server.taken == []


def test_a_written_summary_is_no_placeholder(project: Path, run: Run) -> None:
    article = new_article(project, run)
    text = article.read_text().replace("One or two sentences", "Two sentences")
    article.write_text(text)
    result = run("--root", project, "check", "120")
    assert result.exit_code == 0 and "warning" not in result.output


def test_settings_init_left_as_placeholders_are_warned_of_and_refused_by_send(
    tmp_path: Path, smtp_server: SmtpServer, run: Run
) -> None:
    root = tmp_path / "new"
    assert run("init", root, "--sender-address", "news@psg.example.net").exit_code == 0
    checked = run("--root", root, "check")
    assert checked.exit_code == 0
    assert (
        "warning: psgnews.yaml:7:1: web_base_url: still a placeholder (Web address of the"
        " archive): set it, then delete its `# PLACEHOLDER:` comment"
    ) in checked.output
    assert "sender.address" not in checked.output  # given, so not marked
    settings = root / "psgnews.yaml"  # configure() would rewrite it without its comments
    settings.write_text(settings.read_text() + yaml.safe_dump({"smtp": smtp_server.settings()}))
    assert run("--root", root, "new", "1", "--date", "2026-01-31").exit_code == 0
    article = root / "issues/1/a.yaml"
    article.write_text("title: A\nsection: News\nsummary: Written.\n")
    members = write_members(root / "members.csv", [("a@example.org", "A", "email", "active")])
    result = run("--root", root, "send", "1", "--members", members)
    assert result.exit_code == 1
    assert "psgnews.yaml:7:1: web_base_url: still a placeholder" in result.output
    assert smtp_server.taken == []
