"""Turn items of an old listing into the YAML files psgnews reads.

Each function returns the data of a file; `imported.Target.dumped` turns it into
text with `yamlwrite.dump`, so the same item always gives the same bytes: that
is what lets a re-import tell an unchanged file from an edited one.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from psgnews.content.dates import Dateline
from psgnews.legacy.htmlpage import Line
from psgnews.legacy.listing import Item

# Characters that would start Markdown syntax anywhere in a line of plain text.
_INLINE = re.compile(r"([\\`*_\[\]<])|&(?=#?\w+;)")
# What would make a paragraph a heading, quote, list item or rule when it starts a line.
_LINE_START = re.compile(r"^(#|>|[-+=~]|\d{1,9}(?=[.)]))")


def markdown_text(text: str) -> str:
    """Return plain `text` escaped so that Markdown renders it as the same words."""
    return escape_start(escape_inline(text))


def escape_inline(text: str) -> str:
    """Return `text` with the characters that would start Markdown syntax escaped."""
    # Most text has none of them: eight searches for a character take a tenth of the time
    # of the pattern's search, whose alternatives leave it no character to skip to.
    if (
        "\\" in text or "`" in text or "*" in text or "_" in text
        or "[" in text or "]" in text or "<" in text or "&" in text
    ):  # fmt: skip
        return _INLINE.sub(_escape, text)
    return text


def _escape(match: re.Match[str]) -> str:
    return "\\" + (match[1] or "&")


def escape_start(escaped: str) -> str:
    """Return a paragraph's Markdown `escaped` so that it starts no heading, list or quote."""
    match = _LINE_START.match(escaped)
    if match is None:
        return escaped
    if match[0][0].isdigit():
        end = match.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return "\\" + escaped


def markdown(blocks: list[Line]) -> str:
    """Return paragraphs and list entries as Markdown: a bulleted list stays a list."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "bullet":
            entry = f"- {markdown_text(block.text)}"
            if parts and parts[-1].startswith("- "):
                parts[-1] += "\n" + entry
                continue
            parts.append(entry)
        else:
            parts.append(markdown_text(block.text))
    return "\n\n".join(parts) + "\n" if parts else ""


def article(item: Item, section: str, date: datetime.date | None = None) -> dict[str, Any]:
    """Return the data of an article (or, with its `date`, a briefing) file for `item`."""
    data: dict[str, Any] = {"title": item.title, "section": section}
    if date is not None:
        data["date"] = date
    data["summary"] = item.blocks[0].text
    body = markdown(item.blocks[1:]) if item.body is None else item.body
    if body:
        data["body"] = body
    if item.tags:
        data["tags"] = list(item.tags)
    if date is not None and item.place:
        data["place"] = item.place
    return data


def standing(item: Item) -> dict[str, Any]:
    """Return the data of a standing piece file for `item`: its title, its text as Markdown."""
    return {"title": item.title, "body": markdown(item.blocks)}


def series_item(item: Item, section: str) -> dict[str, Any]:
    """Return the data of the file of an item of another numbered series ("Peru News 065")."""
    data: dict[str, Any] = {"series": item.series, "number": item.number}
    data["date"] = written_date(item.dateline)
    data.update(as_written(item))
    data.update({"title": item.title, "section": section, "summary": item.blocks[0].text})
    body = markdown(item.blocks[1:]) if item.body is None else item.body
    if body:
        data["body"] = body
    if item.place:
        data["place"] = item.place
    return data


def as_written(item: Item) -> dict[str, str]:
    """Return the date and number as `item`'s page wrote them, where outputs would differ."""
    date, number = item.written
    data = {}
    if date and item.dateline and date != item.dateline.text:
        data["date_written"] = date
    if number and item.number is not None and number != str(item.number):
        data["number_written"] = number
    return data


def issue(
    number: int, date: Dateline | datetime.date | None, order: list[str], written: str = ""
) -> dict[str, Any]:
    """Return the data of an issue.yaml with the articles in `order`, its date as written."""
    data: dict[str, Any] = {"number": number, "date": written_date(date)}
    if written and isinstance(date, Dateline) and written != date.text:
        data["date_written"] = written
    return {**data, "order": order}


def written_date(date: Dateline | datetime.date | None) -> datetime.date | str:
    """Return a date as its file writes it: a day as a YAML date, months as 2009-06/2009-07."""
    if date is None:
        return datetime.date.min
    if isinstance(date, datetime.date):
        return date
    return date.first if date.months == 0 else date.iso
