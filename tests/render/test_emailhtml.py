"""The inbox preview line, absolute URLs, heading levels and image widths of the email."""

from __future__ import annotations

from pathlib import Path

from psgnews.content import htmltree
from psgnews.content.load import load_issue
from psgnews.content.project import open_root
from psgnews.render import emailhtml
from tests.conftest import SAMPLE


def test_preview_is_the_editorials_first_sentence(rich: Path) -> None:
    issue = load_issue(open_root(rich), 120)
    assert emailhtml.preheader(issue) == (
        "This issue looks at the protests in Cajamarca and at the Ombudsman’s report."
    )


def test_preview_without_editorial_is_the_first_summary_shortened_at_a_word() -> None:
    issue = load_issue(open_root(SAMPLE), 119)
    preview = emailhtml.preheader(issue)
    assert issue.summary.startswith(preview.removesuffix("…"))
    assert preview.endswith("…") and len(preview) <= emailhtml.PREVIEW_CHARS + 1
    assert issue.summary[len(preview) - 1] == " "  # cut between words


def test_relative_urls_resolve_against_the_issue_page() -> None:
    issue = load_issue(open_root(SAMPLE), 119)
    assert emailhtml.absolute(issue, "images/a.jpg") == (
        "https://www.example.org/updates/119/images/a.jpg"
    )
    assert emailhtml.absolute(issue, "mailto:a@example.org") == "mailto:a@example.org"


def test_headings_move_so_the_highest_is_the_one_asked_for() -> None:
    for html, moved in [
        ("<h4>A</h4><p>x</p><h5>B</h5><h6>C</h6>", "<h3>A</h3><p>x</p><h4>B</h4><h5>C</h5>"),
        ("<p>none</p>", "<p>none</p>"),
    ]:
        tree = htmltree.parse(html)
        emailhtml.headings_from(3, tree)
        assert htmltree.serialise(tree) == moved
