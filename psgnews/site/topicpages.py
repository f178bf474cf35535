"""The pages of a section or tag: its newest entries on its own page, older ones 50 a page.

`sections/<slug>.html` (the address every link gives) lists the newest
entries, between 50 and 99 of them; the older ones are on pages of exactly 50,
numbered from the oldest: `sections/<slug>.page-1.html` holds the 50 oldest.
So a new issue changes the first page only, until it holds 100 entries and
its oldest 50 become the next numbered page: a page's address and content stay
the same from build to build, and no page lists thousands. A slug has no dot,
so no topic's page can be named as another's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from psgnews.content.model import Article, Issue, NewsItem

PER_PAGE = 50  # entries of an older page; the first page holds up to twice as many
Entry = tuple[Issue | None, Article | NewsItem]


@dataclass(frozen=True)
class TopicPage:
    """One page of a topic: its file's name in the topic's folder, its entries, and its place."""

    name: str
    entries: list[Entry]
    number: int  # as shown: 1 is the newest page
    newest: datetime.date
    oldest: datetime.date


def topic_pages(slug: str, entries: list[Entry]) -> list[TopicPage]:
    """Return the pages of a topic whose `entries` are newest first: its first page first."""
    older = max(0, len(entries) - PER_PAGE) // PER_PAGE  # how many pages of exactly PER_PAGE
    front = len(entries) - older * PER_PAGE
    parts = [(f"{slug}.html", entries[:front])]
    for k in range(older, 0, -1):  # the oldest page is page-1
        start = front + (older - k) * PER_PAGE
        parts.append((f"{slug}.page-{k}.html", entries[start : start + PER_PAGE]))
    return [
        TopicPage(name, part, number, _date(part[0]), _date(part[-1]))
        for number, (name, part) in enumerate(parts, start=1)
    ]


def _date(entry: Entry) -> datetime.date:
    issue, article = entry
    return issue.date if issue is not None else article.date
