"""What only a whole issue shows: links that lead nowhere, characters no font of its PDF has.

`psgnews.content.load` runs these once every file of an issue has been read and
checked on its own (`psgnews.content.checks`).
"""

from __future__ import annotations

from pathlib import Path

from psgnews.content import glyphs, htmltree, yamlread
from psgnews.content.checks import hint
from psgnews.content.model import Article, StandingPiece
from psgnews.content.project import Root
from psgnews.core.errors import Problem


def check(
    root: Root,
    doc: yamlread.Document,
    layout_dirs: tuple[Path, ...],
    editorial: str,
    articles: list[Article],
    standing: tuple[StandingPiece, ...],
) -> list[Problem]:
    """Return the issue's links that lead nowhere or, when it has none, its unset characters."""
    broken = broken_links(root, doc, editorial, articles, standing)
    return broken or unset_glyphs(root, doc, layout_dirs, editorial, articles, standing)


def broken_links(
    root: Root,
    doc: yamlread.Document,
    editorial: str,
    articles: list[Article],
    standing: tuple[StandingPiece, ...],
) -> list[Problem]:
    """Return a problem for each `[text](#name)` link of the issue that leads nowhere.

    A link may name an article or a standing piece (by its file name), the
    editorial, or an id in any body (a footnote's, say); the PDF renderer refuses
    any other, and in the email it would lead nowhere.
    """
    pieces = [*(a.slug for a in articles), *(p.slug for p in standing)]
    named = [*pieces, "editorial"] if editorial else pieces
    bodies = [editorial, *(a.body_html for a in articles), *(p.body_html for p in standing)]
    targets = {*named, *(name for html in bodies for name in _attributes(html, "id"))}
    found: list[Problem] = []
    places = [(doc.display, "editorial", editorial)]
    places += [(a.source, "body", a.body_html) for a in articles]
    for source, field, html in places:
        for href in _attributes(html, "href"):
            name = href[1:]
            if href.startswith("#") and name not in targets:
                located = doc if source == doc.display else read(root, root.path / source)
                message = f"the link '#{name}' leads to nothing in the issue{hint(name, named)}"
                located.add_near((field,), f"#{name}", message)
                found.append(located.problems[-1])
    return found


def unset_glyphs(
    root: Root,
    doc: yamlread.Document,
    layout_dirs: tuple[Path, ...],
    editorial: str,
    articles: list[Article],
    standing: tuple[StandingPiece, ...],
) -> list[Problem]:
    """Return a problem for each character of the issue's text that no font of its PDF has."""
    if (covered := glyphs.coverage(root.path, layout_dirs)) is None:
        return []
    places = [(doc.display, ("editorial",), glyphs.text_of(editorial))]
    for a in articles:
        image = f"{a.image.caption or ''} {a.image.credit or ''}" if a.image else ""
        places += [(a.source, ("title",), a.title), (a.source, ("summary",), a.summary)]
        places += [
            (a.source, ("body",), glyphs.text_of(a.body_html)),
            (a.source, ("image",), image),
        ]
    for p in standing:
        places += [
            (p.source, ("title",), p.title),
            (p.source, ("body",), glyphs.text_of(p.body_html)),
        ]
    known = {doc.display: doc}
    return glyphs.problems(
        covered, places, lambda name: known.get(name) or read(root, root.path / name)
    )


def _attributes(html: str, attribute: str) -> list[str]:
    """Return the value of `attribute` on every element of fragment `html` that has it."""
    elements = htmltree.elements(htmltree.tree_of(html))
    return [value for e in elements if (value := e.get(attribute)) is not None]


def read(root: Root, path: Path) -> yamlread.Document:
    """Return the content file at `path`, named by its path under the root."""
    return yamlread.read(path, path.relative_to(root.path).as_posix())
