"""Second looks at a laid-out issue: the page breaks CSS alone cannot choose.

WeasyPrint lays the print HTML out once; this module reads the pages it made
and, where they fall short of what a print shop would accept, changes the
document's tree so that laying it out again does better:

- a one-page issue prints no contents list (every entry would say "1");
- a lead picture that did not fit below its article's standfirst, and left the
  page above it 15% empty or more, moves down into the body, after the
  text that fills that space (CSS has no floats that wait for the next page);
- a page but the last left more than 15% empty (a hole), or a last page of
  fewer than `LINES` lines, first has the issue set a little tighter (the class
  "tight" of the print stylesheet), which closes most holes and pulls a few
  lines back; where a last page stays short, it takes lines from the page
  before;
- a paragraph with four hyphenated lines in a row is set without hyphenation
  (Bringhurst: "avoid more than three consecutive hyphenated lines");
- a note WeasyPrint put off to the next page, to make room for a line it then
  did not set there after all, stays with its call: the block that line began
  starts the next page outright (psgnews.render.pdf.weasy keeps WeasyPrint from
  doing so in the first place; this stays as the check).

Each change costs a second layout, so the print stylesheet prevents what it can
(a last page's lines are its last paragraph's widows, and the standing pieces')
and a look changes the tree only for a defect a reader would see. What needs no
second layout is changed in the laid-out pages themselves (`finish`).

It reads WeasyPrint's boxes by their class names and attributes and imports
nothing of WeasyPrint (psgnews.render.pdf.weasy alone does).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any
from xml.etree.ElementTree import Element

from psgnews.content import htmltree
from psgnews.render.pdf import laid
from psgnews.render.pdf.laid import WHOLE, Page

LINES = 8  # the fewest lines of text a page may hold, in an issue of more than one page
# The share of a page a pushed block may leave empty above it (~9 lines): a smaller gap
# is left, as a second layout costs three-quarters of the first.
GAP = 0.15
LADDER = 3  # the most hyphenated lines in a row
HEADS = ("h1", "h2", "h3", "h4", "h5", "h6")
MARK = "data-fit"  # set on what this module changed, so it is changed once


def adjust(pages: Sequence[Any], root: Element) -> bool:
    """Change `root`, the tree of the document laid out as `pages`; return whether it changed."""
    seen = [laid.page(index, page) for index, page in enumerate(pages)]
    parents = {child: parent for parent in root.iter() for child in parent}
    changed = False
    if len(seen) == 1:
        changed |= _drop_contents(root)
    changed |= _move_pushed_blocks(seen, parents)
    changed |= _unhyphenate_ladders(seen)
    changed |= _keep_notes_with_calls(seen)
    if changed or len(seen) == 1:
        return changed
    # A hole, or a last page of a few lines: setting the issue tighter closes the one and pulls
    # the other back; only where it did not are a last page's lines taken from the page before.
    if any(page.empty > GAP for page in seen[:-1]) or seen[-1].lines < LINES:
        changed = _tighten(root)
    if not changed and seen[-1].lines < LINES:
        changed = _fill_last_page(seen, parents)
    return changed


def finish(pages: Sequence[Any]) -> None:
    """Change the laid-out `pages` where a change needs no second layout.

    The rule between two articles is not drawn above an article that opens a page:
    the page break parts them enough. Its space stays, so nothing moves.
    """
    for done in pages[1:]:
        box = done._page_box
        while box is not None and "article" not in _classes(getattr(box, "element", None)):
            flow = [c for c in getattr(box, "children", []) if type(c).__name__ != "MarginBox"]
            box = flow[0] if flow else None
        first = box.children[0] if box is not None and box.children else None
        if first is not None and "section" in _classes(getattr(first, "element", None)):
            box.border_top_width = 0


def _tighten(root: Element) -> bool:
    """Set the issue a little tighter, once; return whether it was not already."""
    classes = _classes(root)
    if "tight" in classes:
        return False
    root.set("class", " ".join([*classes, "tight"]))
    return True


def document_html(root: Element) -> str:
    """Return the HTML of the whole document `root` (its <html> element)."""
    holder = Element("document")
    holder.append(root)
    return "<!DOCTYPE html>\n" + htmltree.serialise(holder)


def _drop_contents(root: Element) -> bool:
    """Hide the contents list, whose every page number would be 1 (and a rule left bare)."""
    for cover in (e for e in htmltree.elements(root) if "cover" in _classes(e)):
        contents = [e for e in cover if "contents" in _classes(e)]
        if not contents or contents[0].get(MARK):
            return False
        _style(contents[0], "display: none")
        if not any("editorial" in _classes(e) for e in cover):  # the masthead's rule is enough
            _style(cover, "border-bottom: none; padding-bottom: 0; margin-bottom: 12pt")
        return True
    return False


def _move_pushed_blocks(pages: list[Page], parents: dict[Element, Element]) -> bool:
    """Move each picture or table that starts a page below a page left empty further down."""
    changed = False
    for before, page in pairwise(pages):
        first = min(page.pieces, key=lambda p: p.top, default=None)
        if first is None or htmltree.name(first.element) not in WHOLE or before.empty < GAP:
            continue
        block = first.element
        parent = parents.get(block)
        if parent is None or block.get(MARK):
            continue
        # A lead picture goes into its article's body; any other block, among its siblings.
        body = next((c for c in parent if "body" in _classes(c)), None)
        container, start = (body, 0) if body is not None else (parent, list(parent).index(block))
        space = before.empty * (before.bottom - before.top)
        index = _index_filling(container, start + (body is None), space, pages, parents)
        parent.remove(block)
        container.insert(index - (body is None), block)
        block.set(MARK, "moved")
        changed = True
    return changed


def _index_filling(
    container: Element, start: int, space: float, pages: list[Page], parents: dict[Any, Any]
) -> int:
    """Return where in `container` its blocks from `start` on first fill `space`.

    Never past a heading: a block moves within its part of the text, before the next heading.
    """
    heights = dict.fromkeys(container, 0.0)
    for piece in (p for page in pages for p in page.pieces):
        top = _child_of(container, piece.element, parents)
        if top is not None:
            heights[top] += piece.bottom - piece.top
    filled = 0.0
    for index, child in enumerate(container):
        if index < start:
            continue
        if htmltree.name(child) in HEADS:
            return index
        filled += heights[child]
        if filled >= space:
            return index + 1
    return len(container)


def _child_of(container: Element, element: Element, parents: dict[Any, Any]) -> Element | None:
    """Return the child of `container` that holds `element`, or None if it is not inside it."""
    found: Element | None = element
    while found is not None and parents.get(found) is not container:
        found = parents.get(found)
    return found


def _unhyphenate_ladders(pages: list[Page]) -> bool:
    """Set without hyphenation every block with more than `LADDER` hyphenated lines in a row."""
    ends: dict[Element, list[bool]] = {}
    for piece in (p for page in pages for p in page.pieces):
        ends.setdefault(piece.element, []).extend(piece.hyphenated)
    changed = False
    for element, flags in ends.items():
        run = longest = 0
        for flag in flags:
            run = run + 1 if flag else 0
            longest = max(longest, run)
        if longest > LADDER and not element.get(MARK):
            changed |= _style(element, "hyphens: manual")
    return changed


def _keep_notes_with_calls(pages: list[Page]) -> bool:
    """Start a page outright where a note called on the page before was put off to it."""
    changed = False
    for before, page in pairwise(pages):
        if not set(page.notes) & set(before.calls) or not page.pieces:
            continue
        first = min(page.pieces, key=lambda p: p.top).element
        fresh = all(piece.element is not first for piece in before.pieces)
        if fresh and not first.get(MARK):
            changed |= _style(first, "break-before: page")
    return changed


def _fill_last_page(pages: list[Page], parents: dict[Element, Element]) -> bool:
    """Give the last page `LINES` lines or more, taken from the end of the page before."""
    last, before = pages[-1], pages[-2]
    wanted = LINES - last.lines
    pieces = sorted(before.pieces, key=lambda p: p.top)
    if not pieces or before.lines - wanted < LINES:
        return False
    end = pieces[-1]
    carried = sum(p.lines for p in last.pieces if p.element is end.element)
    if carried and end.lines - wanted >= 2:  # a paragraph split by the break: more of it goes
        return not end.element.get(MARK) and _style(end.element, f"widows: {carried + wanted}")
    for index in range(len(pieces) - 1, -1, -1):
        wanted -= pieces[index].lines
        if wanted <= 0:
            # A heading (or an article's head) goes with what follows it.
            while index > 0 and _is_head(pieces[index - 1].element):
                index -= 1
            target = pieces[index].element
            return not target.get(MARK) and _style(target, "break-before: page")
    return False


def _is_head(element: Element) -> bool:
    """Return whether `element` heads what follows it: a heading or an article's section line."""
    return htmltree.name(element) in HEADS or "section" in _classes(element)


def _classes(element: Element | None) -> list[str]:
    return ((element.get("class") if element is not None else None) or "").split()


def _style(element: Element, declaration: str) -> bool:
    """Add `declaration` to `element`'s style attribute and mark it changed; return True."""
    style = element.get("style")
    element.set("style", f"{style}; {declaration}" if style else declaration)
    element.set(MARK, "styled")
    return True
