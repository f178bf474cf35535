"""Briefings: dated items of the old listings that belong to no numbered issue.

They live in issues/_briefings/<date>-<name>.yaml, each an article file with its
own `date:`, the day its file name starts with. No issue prints them; the web
archive's News stream does (`psgnews.content.news` loads them with the series items).
"""

from __future__ import annotations

import re
from pathlib import Path

from psgnews.content import yamlread
from psgnews.content.project import Root
from psgnews.content.schema import ArticleSpec, validate
from psgnews.core.paths import BRIEFINGS, IMAGES

NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-[a-z0-9][a-z0-9-]*")


def read_briefings(root: Root) -> list[tuple[yamlread.Document, ArticleSpec | None]]:
    """Return each file of issues/_briefings/ read, and its spec where its name and date hold.

    What a briefing shares with every news item (its section, its body) is
    `psgnews.content.news`'s to check.
    """
    found: list[tuple[yamlread.Document, ArticleSpec | None]] = []
    for path in files_in(root.issues / BRIEFINGS):
        if path.name == IMAGES and path.is_dir():
            continue  # the briefings' images, checked as their bodies show them
        display = path.relative_to(root.path).as_posix()
        name = NAME.fullmatch(path.stem) if path.suffix == ".yaml" else None
        if name is None:
            doc = yamlread.Document(display)  # not read: it need not even be YAML
            doc.add((), "not a briefing file name: write YYYY-MM-DD-name.yaml")
            found.append((doc, None))
            continue
        doc = yamlread.read(path, display)
        found.append((doc, _briefing(doc, name[1])))
    return found


def files_in(folder: Path) -> list[Path]:
    """Return what `folder` holds, by name, but hidden files (editors' swap files)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def _briefing(doc: yamlread.Document, named: str) -> ArticleSpec | None:
    spec = validate(ArticleSpec, doc)
    if spec is None:
        return None
    if spec.date is None:
        doc.add((), "date: required in a briefing (it has no issue to take the date from)")
    elif spec.date.isoformat() != named:
        doc.add(("date",), f"says {spec.date} but the file name says {named}")
    if spec.image is not None:
        doc.add(("image",), "a briefing has no image: the web archive's News pages are text")
    return spec
