"""Check the images an article body shows: each needs alt text and, if local, its file.

Readers of the email meet an image through its alt text when their mail
client blocks images, and screen-reader users always do.
"""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from psgnews.errors import Problem
from psgnews.yamlload import Document

EXAMPLE = "e.g. ![Protesters outside Congress](images/protest.jpg)"


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found.append(dict(attrs))


def images(html: str) -> list[dict[str, str | None]]:
    """Return the attributes of every <img> in an HTML fragment."""
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser.found


def check_body(doc: Document, source: Path, folder: Path, html: str) -> None:
    """Add to `doc` a problem for each body image without alt text or without its file."""
    if "<img" not in html:
        return
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    start = doc.where(("body",))[0]
    for image in images(html):
        src = image.get("src") or ""
        line = _line_of(lines, src, start)
        if not (image.get("alt") or "").strip():
            message = f"image '{src}' has no alt text; write what it shows, {EXAMPLE}"
            doc.problems.append(_at(doc, line, message))
        if src and not urlsplit(src).scheme and not _inside(folder, src):
            doc.problems.append(_at(doc, line, f"no image file '{src}' in {folder.name}/"))


def _at(doc: Document, line: int, message: str) -> Problem:
    """Return a problem of the body field, pointed at the line where the image is written."""
    problem = doc.problem(("body",), message)
    return dataclasses.replace(problem, line=line, column=1) if line != problem.line else problem


def _line_of(lines: list[str], src: str, start: int) -> int:
    """Return the first line from `start` that mentions `src` (the body's line if none does)."""
    for number in range(start, len(lines) + 1):
        if src and src in lines[number - 1]:
            return number
    return start


def _inside(folder: Path, src: str) -> bool:
    path = (folder / unquote(urlsplit(src).path)).resolve()
    return path.is_relative_to(folder.resolve()) and path.is_file()
