"""`psgnews new`: start an issue, or an article in one, from a commented skeleton."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from psgnews.content import yamlread
from psgnews.content.dates import parse_dateline
from psgnews.content.project import Root
from psgnews.content.schemas import file_name
from psgnews.content.unfinished import PLACEHOLDER_SUMMARY
from psgnews.core.errors import ProjectError
from psgnews.core.names import article_name
from psgnews.core.paths import ISSUE, SCHEMAS
from psgnews.core.write import write_one

ISSUE_SKELETON = """\
number: {number}
date: {date}
# order: [first-article, second-article]   # optional: every article file, exactly once
# summary: One line for the PDF's subject and the archive.
# editorial: |
#   A note from the editors, in Markdown.
# layout: default
"""

ARTICLE_SKELETON = """\
title: {title}
section: {section}   # one of: {sections}
summary: >
  {placeholder}
# body: |
#   The article in Markdown: *emphasis*, [links](https://example.org), lists,
#   tables, and footnotes[^1].
#
#   [^1]: Like this one.
# lang: en            # en or es
# date: {date}    # defaults to the issue's date
# draft: true         # build and serve mark it; send refuses the issue until it goes
# image: {{src: images/photo.jpg, alt: "What the photo shows", caption: "", credit: ""}}
# tags: [mining, reparations]
"""


def new_issue(root: Root, number: int, date: datetime.date) -> Path:
    """Create issues/<number>/issue.yaml; refuse if the issue exists."""
    path = root.issue_folder(number) / ISSUE
    if path.exists():
        raise ProjectError(f"issue {number} already exists ({path.relative_to(root.path)})")
    skeleton = schema_line("issue") + ISSUE_SKELETON.format(number=number, date=date)
    return write_one(root.path / "issues", f"{number}/{ISSUE}", skeleton.encode())


def new_article(root: Root, number: int, title: str) -> tuple[Path, bool | None]:
    """Create an article file in issue `number`; return its path and whether order: got it.

    None when issue.yaml has no `order:` (the articles run in psgnews.yaml's section order).
    """
    root.require_issues([number], f"create it first with: psgnews new {number} --date ...")
    if "\n" in title or "\r" in title:
        raise ProjectError("the title must be a single line")
    folder = root.issue_folder(number)
    slug = article_name(title, {p.stem for p in folder.glob("*.yaml")})
    text = schema_line("article") + ARTICLE_SKELETON.format(
        title=_quoted(title),
        section=root.config.sections[0],
        sections=", ".join(root.config.sections),
        date=_issue_date(folder / ISSUE),
        placeholder=PLACEHOLDER_SUMMARY,
    )
    path = write_one(folder, f"{slug}.yaml", text.encode())
    return path, _add_to_order(folder / ISSUE, slug)


def _issue_date(issue_file: Path) -> str:
    """Return the first day of the issue's `date:` for the sample line, or a pattern to follow."""
    doc = yamlread.read(issue_file, issue_file.name)
    try:
        data = doc.data if isinstance(doc.data, dict) else {}
        return parse_dateline(data.get("date")).first.isoformat()
    except ValueError:
        return "YYYY-MM-DD"


def schema_line(kind: str) -> str:
    """Return the comment naming a kind's schema to YAML language servers, for issues/<N>/."""
    return f"# yaml-language-server: $schema=../../{SCHEMAS}/{file_name(kind)}\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_to_order(issue_file: Path, slug: str) -> bool | None:
    """Append `slug` to an `order:` written as a one-line [list] or a block list.

    Return None when there is no `order:`, False when it could not be added to.
    """
    doc = yamlread.read(issue_file, issue_file.name)
    if doc.problems or not isinstance(doc.data, dict):
        return False
    if "order" not in doc.data:
        return None
    if not isinstance(doc.data.get("order"), list):
        return False
    lines = issue_file.read_text(encoding="utf-8").splitlines(keepends=True)
    line = doc.marks[("order", yamlread.KEY)][0] - 1
    flow = re.match(r"^(order:\s*\[)(.*?)(\]\s*(#.*)?)$", lines[line].rstrip("\n"))
    if flow:
        items = flow[2].strip()
        lines[line] = f"{flow[1]}{items + ', ' if items else ''}{slug}{flow[3]}\n"
    else:
        items = [i for i in range(len(doc.data["order"])) if ("order", i) in doc.marks]
        if not items:
            return False
        last_line, column = doc.marks[("order", items[-1])]
        lines.insert(last_line, " " * (column - 3) + f"- {slug}\n")
    write_one(issue_file.parent, issue_file.name, "".join(lines).encode())
    return True
