"""What the PDF renderer can set: how deeply a body nests, how many table cells it holds, and
which cell styles it takes.

WeasyPrint lays out a tree recursively, and met a RecursionError at 150 nested
quotes or lists (raw HTML nests without the limit of 20 that Markdown has); a
table costs it about 18 KB and 1 ms a cell, so a 40 × 12,000 table drove it
past 5.6 GB. `check` refuses both, on the sanitised tree every output uses
(deep nesting as it is parsed: `htmltree.TooDeep`), well before the renderer's
limits; the renderer's memory limit (`psgnews.render.pdf.weasy.MEMORY_LIMIT`)
stops what a whole issue adds up to.
The sanitiser keeps a cell's `text-align` whatever its value; the renderer
fails the build on any value it does not know (`text-align:url(...)`).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from psgnews.content import htmltree

MAX_DEPTH = htmltree.MAX_DEPTH  # bodies are parsed with this limit: deeper is refused then
# About 180 MB and 10 s of the renderer's time: a table longer than this belongs in a file.
MAX_CELLS = 10_000
ALIGNMENTS = frozenset({"left", "right", "center", "justify", "start", "end"})


def problems(markdown: str) -> list[tuple[str, str]]:
    """Return (text to find it by, message) for what in Markdown `markdown` the PDF cannot set."""
    if "<" not in markdown and ">" not in markdown and "|" not in markdown:
        return []  # no raw HTML, quote or table: nothing can nest deeply or hold many cells
    from psgnews.content import markup  # imported here: markup needs nh3, the renderer does not

    tree = markup.for_check(markdown).tree  # htmltree.TooDeep: see `too_deep`
    found: list[tuple[str, str]] = []
    cells = sum(htmltree.name(e) in ("td", "th") for e in htmltree.elements(tree))
    if cells > MAX_CELLS:
        message = f"its tables hold {cells:,} cells, more than the PDF can set"
        found.append((_table_line(markdown), f"{message} (at most {MAX_CELLS:,})"))
    found.extend(_style_problems(markdown, tree))
    return found


def _style_problems(markdown: str, tree: Element) -> list[tuple[str, str]]:
    """Return (text to find it by, message) for each style whose value the PDF cannot set."""
    found = []
    for element in htmltree.elements(tree):
        for declaration in element.get("style", "").split(";"):
            _, _, value = declaration.partition(":")
            if declaration.strip() and value.strip().lower() not in ALIGNMENTS:
                bare = value.strip().replace('"', "").replace("'", "")
                needle = next((n for n in (value.strip(), bare) if n in markdown), "text-align")
                why = "is not one the PDF can set; write text-align: left, right, center or justify"
                found.append((needle, f"style {declaration.strip()!r} {why}"))
    return found


def too_deep(error: htmltree.TooDeep) -> tuple[str, str]:
    """Return (text to find it by, message) for markup nested past the limit it was parsed with."""
    message = f"nested {error.limit + 1} elements deep, deeper than the PDF can set"
    return error.near, f"{message} (at most {error.limit})"


def _table_line(markdown: str) -> str:
    """Return the first line of Markdown `markdown` that starts a table (Markdown or HTML)."""
    from psgnews.content import markup

    for token in markup.block_tokens(markdown):
        if token.map and (token.type == "table_open" or "<table" in token.content.lower()):
            return markdown.splitlines()[token.map[0]].strip()
    return ""
