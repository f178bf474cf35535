"""Turn a listing saved as plain text into blocks: its items' titles, paragraphs and lists.

A bullet (•, ◦, *, -) indented by at most two spaces starts an item; one
indented more is an entry of the item's own list. Lines wrapped without a
blank line between them are joined, but for a dateline, which stands alone,
and the title after a date that begins an item.
"""

from __future__ import annotations

import re

from psgnews.legacy.datelines import STRAY, looks_dated
from psgnews.legacy.furniture import is_furniture
from psgnews.legacy.htmlpage import Line

BULLET = re.compile(r"^(\s*)[•◦▪‣·*-]\s+(.*)$")
NESTED_INDENT = 3  # a bullet indented more than two spaces is a list inside the item above


def lines(text: str, newsletter: str = "Update") -> list[Line]:
    """Return the blocks of a plain-text listing; wrapped lines are joined, furniture kept apart."""
    lines: list[Line] = []
    open_block = False
    title_next = False  # a date began the item: its next line is the title, alone
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = " ".join(raw.split())  # as in titles and summaries: no-break spaces too
        bullet = BULLET.match(raw.expandtabs(4))
        if not stripped:
            open_block = False
        elif is_furniture(stripped):
            lines.append(Line(number, "furniture", stripped, ((number, stripped),)))
            open_block = False
        elif bullet:
            nested = len(bullet[1]) >= NESTED_INDENT
            said = bullet[2].strip()
            lines.append(Line(number, "bullet" if nested else "title", said, ((number, stripped),)))
            title_next = not nested and looks_dated(said.lstrip(STRAY), newsletter)
            open_block = not title_next and not looks_dated(said, newsletter)
        elif open_block and not looks_dated(stripped, newsletter):
            last = lines[-1]
            sources = (*last.sources, (number, stripped))
            lines[-1] = Line(last.number, last.kind, f"{last.text} {stripped}", sources)
        else:
            lines.append(Line(number, "text", stripped, ((number, stripped),)))
            open_block = not title_next and not looks_dated(stripped, newsletter)
            title_next = False
    return lines
