"""What only a whole issue shows: links that lead nowhere, characters no font of its PDF has.

`psgnews.content.load` runs these once every file of an issue has been read and
checked on its own (`psgnews.content.checks`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from psgnews.content import glyphs, htmltree, yamlread
from psgnews.content.checks import hint
from psgnews.content.model import Article, StandingPiece
from psgnews.content.project import Root
from psgnews.core.errors import Problem


@dataclass(frozen=True)
class Whole:
    """An issue once each of its files is read and checked on its own."""

    root: Root
    doc: yamlread.Document  # the issue's own issue.yaml
    editorial: str  # as HTML
    articles: list[Article]
    standing: tuple[StandingPiece, ...]


def check(issue: Whole, layout_dirs: tuple[Path, ...]) -> list[Problem]:
    """Return the issue's links that lead nowhere or, when it has none, its unset characters."""
    return broken_links(issue) or unset_glyphs(issue, layout_dirs)


def broken_links(issue: Whole) -> list[Problem]:
    """Return a problem for each `[text](#name)` link of the issue that leads nowhere.

    A link may name an article or a standing piece (by its file name), the
    editorial, or an id in any body (a footnote's, say); the PDF renderer refuses
    any other, and in the email it would lead nowhere.
    """
    doc, editorial, articles = issue.doc, issue.editorial, issue.articles
    pieces = [*(a.slug for a in articles), *(p.slug for p in issue.standing)]
    named = [*pieces, "editorial"] if editorial else pieces
    bodies = [editorial, *(a.body_html for a in articles), *(p.body_html for p in issue.standing)]
    targets = {*named, *(name for html in bodies for name in _attributes(html, "id"))}
    found: list[Problem] = []
    places = [(doc.display, "editorial", editorial)]
    places += [(a.source, "body", a.body_html) for a in articles]
    for source, field, html in places:
        for href in _attributes(html, "href"):
            name = href[1:]
            if href.startswith("#") and name not in targets:
                located = (
                    doc if source == doc.display else read(issue.root, issue.root.path / source)
                )
                message = f"the link '#{name}' leads to nothing in the issue{hint(name, named)}"
                located.add_near((field,), f"#{name}", message)
                found.append(located.problems[-1])
    return found


def unset_glyphs(issue: Whole, layout_dirs: tuple[Path, ...]) -> list[Problem]:
    """Return a problem for each character of the issue's text that no font of its PDF has."""
    if (covered := glyphs.coverage(issue.root.path, layout_dirs)) is None:
        return []
    doc = issue.doc
    places = [(doc.display, ("editorial",), glyphs.text_of(issue.editorial))]
    for a in issue.articles:
        image = f"{a.image.caption or ''} {a.image.credit or ''}" if a.image else ""
        places += [(a.source, ("title",), a.title), (a.source, ("summary",), a.summary)]
        places += [
            (a.source, ("body",), glyphs.text_of(a.body_html)),
            (a.source, ("image",), image),
        ]
    for p in issue.standing:
        places += [
            (p.source, ("title",), p.title),
            (p.source, ("body",), glyphs.text_of(p.body_html)),
        ]
    return glyphs.problems(
        covered,
        places,
        lambda name: doc if name == doc.display else read(issue.root, issue.root.path / name),
    )


def _attributes(html: str, attribute: str) -> list[str]:
    """Return the value of `attribute` on every element of fragment `html` that has it."""
    elements = htmltree.elements(htmltree.tree_of(html))
    return [value for e in elements if (value := e.get(attribute)) is not None]


def read(root: Root, path: Path) -> yamlread.Document:
    """Return the content file at `path`, named by its path under the root."""
    return yamlread.read(path, path.relative_to(root.path).as_posix())
