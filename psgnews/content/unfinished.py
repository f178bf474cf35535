"""What keeps an issue from members: `draft: true`, and `psgnews new` text left unchanged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from psgnews.content.yamlread import Document
from psgnews.core.errors import ContentError, Problem

if TYPE_CHECKING:
    from psgnews.content.model import Issue

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


def refuse(issues: Iterable[Issue]) -> None:
    """Raise ContentError locating every draft and placeholder of `issues`: none may go out."""
    if found := [p for issue in issues for p in (*issue.drafts, *issue.placeholders)]:
        raise ContentError(found)
