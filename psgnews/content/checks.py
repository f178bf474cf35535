"""What a content file's schema alone cannot see: its section, its image, its Markdown's URLs,
nesting and images (`check`'s rules, which `build` runs too)."""

from __future__ import annotations

from pathlib import Path

from psgnews.content import htmltree, imagecheck, printable, sandbox, yamlread
from psgnews.content.project import Root
from psgnews.content.schema import ArticleSpec
from psgnews.core.names import did_you_mean
from psgnews.core.paths import CONFIG


def check_article(root: Root, folder: Path, doc: yamlread.Document, spec: ArticleSpec) -> None:
    """Add to `doc` what the schema alone cannot see: its section, its image, its body's URLs."""
    check_section(root, doc, spec.section)
    if spec.image is not None:
        image = (folder / spec.image.src).resolve()
        if not image.is_relative_to(folder.resolve()) or not image.is_file():
            where = folder.relative_to(root.path).as_posix()
            close = sandbox.closest_file(folder, spec.image.src)
            doc.add(("image", "src"), f"no image file '{spec.image.src}' in {where}/{close}")
        elif isinstance(why := imagecheck.examine(image), str):
            doc.add(("image", "src"), f"'{spec.image.src}': {why}")
    check_body(folder, doc, spec.body)


def check_section(root: Root, doc: yamlread.Document, section: str) -> None:
    """Add to `doc` a problem if `section` is not one of psgnews.yaml's sections."""
    if section not in root.config.sections:
        close = hint(section, list(root.config.sections))
        doc.add(("section",), f"'{section}' is not a section of {CONFIG}{close}")


def check_body(folder: Path, doc: yamlread.Document, body: str) -> bool:
    """Add to `doc` what no output may show of Markdown `body`, a file of `folder`: URLs, images.

    Return whether it parses (see `check_markdown`).
    """
    if not check_markdown(doc, ("body",), body, folder):
        return False
    imagecheck.check_body(doc, body, folder)
    return True


def check_markdown(
    doc: yamlread.Document, loc: yamlread.Loc, markdown: str, folder: Path | None
) -> bool:
    """Add to `doc` what no output may show of `markdown` (at `loc`); return whether it parses.

    Markup nested past the limit is the one problem given: nothing more of it is parsed.
    """
    try:
        found = [*sandbox.body_problems(markdown, folder), *printable.problems(markdown)]
    except htmltree.TooDeep as e:
        doc.add_near(loc, *printable.too_deep(e))
        return False
    for url, message in found:
        doc.add_near(loc, url, message)
    return True


def body_links(root: Root) -> dict[str, str]:
    """Return the links psgnews.yaml names for bodies to use, as `[text][join]`."""
    return {"join": root.config.join_url} if root.config.join_url else {}


def hint(name: str, known: list[str]) -> str:
    """Return "; did you mean 'x'?" for a misspelt `name`, or else the names it could be."""
    close = did_you_mean(name, known)
    return f"; {close}" if close else f" (known: {', '.join(sorted(known))})"
