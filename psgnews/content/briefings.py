"""Briefings: dated items of the old listings that belong to no numbered issue.

They live in issues/_briefings/<date>-<name>.yaml, each an article file with its
own `date:`, and are checked like articles by `psgnews check`; no issue prints them.
"""

from __future__ import annotations

import re

from psgnews.content import yamlread
from psgnews.content.load import check_article
from psgnews.content.schema import ArticleSpec, validate
from psgnews.errors import ContentError, Problem
from psgnews.project import BRIEFINGS, Root

NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-[a-z0-9][a-z0-9-]*")


def check_briefings(root: Root) -> int:
    """Check every briefing file; return how many there are, or raise ContentError."""
    folder = root.issues / BRIEFINGS
    problems: list[Problem] = []
    paths = sorted(folder.glob("*")) if folder.is_dir() else []
    for path in paths:
        doc = yamlread.read(path, path.relative_to(root.path).as_posix())
        name = NAME.fullmatch(path.stem) if path.suffix == ".yaml" else None
        if name is None:
            doc.problems = [doc.problem((), "not a briefing file name: write YYYY-MM-DD-name.yaml")]
        else:
            _check_briefing(root, doc, name[1])
        problems.extend(doc.problems)
    if problems:
        raise ContentError(problems)
    return len(paths)


def _check_briefing(root: Root, doc: yamlread.Document, named: str) -> None:
    spec = validate(ArticleSpec, doc)
    if spec is None:
        return
    check_article(root, root.issues / BRIEFINGS, doc, spec)
    if spec.date is None:
        doc.add((), "date: required in a briefing (it has no issue to take the date from)")
    elif spec.date.isoformat() != named:
        doc.add(("date",), f"says {spec.date} but the file name says {named}")
