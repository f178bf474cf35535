"""What keeps an issue from members: `draft: true`, and `psgnews new` text left unchanged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from psgnews.content import yamlread
from psgnews.content.starter import PLACEHOLDER
from psgnews.content.yamlread import Document
from psgnews.core.errors import ContentError, Problem
from psgnews.core.paths import CONFIG

if TYPE_CHECKING:
    from psgnews.content.model import Issue
    from psgnews.content.project import Root

# The summary `psgnews new` writes into a new article (psgnews.content.scaffold).
PLACEHOLDER_SUMMARY = (
    "One or two sentences: the teaser shown in lists, the inbox preview and the feed."
)
DRAFT_MARK = "DRAFT: "  # put before a draft article's title in every output


def draft(doc: Document, is_draft: bool, what: str) -> Problem | None:
    """Return the located note that the file of `doc` (an article or issue) is a draft."""
    if not is_draft:
        return None
    return doc.problem(("draft",), f"this {what} is a draft: remove `draft: true` to send it")


def placeholders(doc: Document, summary: str) -> tuple[Problem, ...]:
    """Return a located note for each field of `doc` still holding `psgnews new`'s text."""
    if " ".join(summary.split()) != PLACEHOLDER_SUMMARY:
        return ()
    message = "still the placeholder text `psgnews new` wrote; write the article's teaser"
    return (doc.problem(("summary",), message),)


def settings_placeholders(root: Root) -> list[Problem]:
    """Return a located note for each setting `psgnews init` left marked as a placeholder."""
    doc = yamlread.read(root.path / CONFIG, CONFIG)
    keys = {mark[0]: loc[:-1] for loc, mark in doc.marks.items() if loc and loc[-1] == yamlread.KEY}
    found = []
    for number, line in enumerate(doc.text.splitlines(), 1):
        if PLACEHOLDER in line and not line.lstrip().startswith("#") and number in keys:
            what = line.split(PLACEHOLDER, 1)[1].strip()
            message = (
                f"still a placeholder ({what}): set it, then delete its `{PLACEHOLDER.strip()}`"
                " comment"
            )
            found.append(doc.problem(keys[number], message, at_key=True))
    return found


def refuse(root: Root, issues: Iterable[Issue]) -> None:
    """Raise ContentError locating every draft and placeholder of `issues`: none may go out."""
    found = [p for issue in issues for p in (*issue.drafts, *issue.placeholders)]
    if found := [*found, *settings_placeholders(root)]:
        raise ContentError(found)
