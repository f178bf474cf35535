"""Take the footnotes written as HTML out of a post's tree: each call marked, each note's text.

The shapes met in WordPress posts all link a call to its note by an address
within the page:

    <sup><a href="#fn1" id="fnref1">1</a></sup> ... <ol class="footnotes"><li id="fn1">
    <div class="footnotes"><ol><li id="fn1">             (Markdown's and most plugins')
    <span class="easy-footnote"><a href="#easy-footnote-bottom-1-7"><sup>1</sup></a></span>
      ... <ol class="easy-footnotes-wrapper"><li><span id="easy-footnote-bottom-1-7">
    <sup data-fn="c5d9" class="fn"><a href="#c5d9">1</a></sup>   (the block editor's)
      ... <ol class="wp-block-footnotes"><li id="c5d9">

A note is an entry of a list (or a paragraph) with an id, inside an element
whose class or id names footnotes; a call is a link to it, with the `<sup>` or
`<span>` around it. A call whose note is not there keeps its number as text,
and a note no call links to stays as a paragraph at the end; both are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from psgnews.content import htmltree
from psgnews.legacy.article import walk_blocks

NOTES = re.compile(r"(?<![\w-])(?:wp-block-)?(?:easy-)?footnotes?(?:-wrapper|-list)?(?![\w-])")
CONTAINERS = frozenset({"ol", "ul", "div", "section", "aside", "footer", "dl"})
ENTRIES = frozenset({"li", "p", "dd", "div"})
_BACK = re.compile(r"\s*\\?\[\s*\\?\]\s*$")  # what "[<a>↩</a>]" leaves once its link is gone


@dataclass
class Notes:
    """The notes of a post in the order of their first call; the calls and notes left alone."""

    texts: list[str] = field(default_factory=list)
    no_note: list[str] = field(default_factory=list)  # the calls whose note is not there
    no_call: list[str] = field(default_factory=list)  # the notes no call links to


def take_notes(root: Element, mark: Callable[[int], str], first: int = 1) -> Notes:
    """Replace each call in `root` by `mark(number)`, numbered from `first`; return the notes.

    The elements holding the notes are taken out of `root`; a note with no call
    goes back, as a paragraph, at the end of `root`'s body.
    """
    parents = {child: parent for parent in root.iter() for child in parent}
    entries = _entries(root, parents)
    found = Notes()
    numbers: dict[int, int] = {}  # by the note's element
    for call, target in list(_calls(root, parents, entries)):
        entry = entries.get(target)
        if entry is None:
            label = " ".join(htmltree.text(call).split()) or target
            found.no_note.append(label)
            _replace(parents, call, f"[{label}]")
            continue
        if id(entry) not in numbers:
            numbers[id(entry)] = first + len(numbers)
            found.texts.append(_markdown(entry))
        _replace(parents, call, mark(numbers[id(entry)]))
    for container in _containers(root, parents):
        parents[container].remove(container)
    body = next((e for e in root.iter() if htmltree.name(e) == "body"), root)
    for entry in entries.values():
        if id(entry) not in numbers:
            found.no_call.append(_markdown(entry))
            paragraph = Element("p")
            paragraph.text, paragraph[:] = entry.text, list(entry)
            body.append(paragraph)
    return found


def _containers(root: Element, parents: dict[Element, Element]) -> list[Element]:
    """Return the outermost elements holding notes."""
    held = [e for e in htmltree.elements(root) if _holds_notes(e)]
    return [e for e in held if not any(_holds_notes(a) for a in _ancestors(e, parents))]


def _holds_notes(element: Element) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return htmltree.name(element) in CONTAINERS and NOTES.search(names) is not None


def _entries(root: Element, parents: dict[Element, Element]) -> dict[str, Element]:
    """Return each note of the page by the id a call links to, in the page's order.

    A note is an entry with an id of its own, or a list entry with an id on an element
    inside it (easy-footnotes' `<span>`); what is inside a note is part of it.
    """
    entries: dict[str, Element] = {}
    taken: set[int] = set()
    for container in _containers(root, parents):
        for entry in htmltree.elements(container):
            tag = htmltree.name(entry)
            if id(entry) in taken or tag not in ENTRIES or _holds_notes(entry):
                continue
            inner = [e.get("id") for e in htmltree.elements(entry) if e.get("id")]
            target = entry.get("id") or (inner[0] if tag == "li" and inner else None)
            if target:
                entries.setdefault(str(target), entry)
                taken.update(id(e) for e in entry.iter())
    return entries


def _calls(
    root: Element, parents: dict[Element, Element], entries: dict[str, Element]
) -> Iterator[tuple[Element, str]]:
    """Yield each call of a note outside the notes, the element to replace, and its target."""
    inside = {id(e) for c in _containers(root, parents) for e in c.iter()}
    for element in htmltree.elements(root):
        if id(element) in inside:
            continue
        tag, href = htmltree.name(element), element.get("href") or ""
        if tag == "sup" and element.get("data-fn"):
            yield element, str(element.get("data-fn"))
        elif (
            tag == "a"
            and href.startswith("#")
            and _is_call(element, parents, entries)
            and not any(a.get("data-fn") for a in _ancestors(element, parents))
        ):
            yield _wrapper(element, parents), href[1:]


def _is_call(link: Element, parents: dict[Element, Element], entries: dict[str, Element]) -> bool:
    """Return whether `link` calls a note: it links to one, or looks like a call (a `<sup>`)."""
    if link.get("href", "")[1:] in entries:
        return True
    around = [link, *_ancestors(link, parents)][:3]
    return any(htmltree.name(e) == "sup" for e in [*around, *htmltree.elements(link)])


def _wrapper(link: Element, parents: dict[Element, Element]) -> Element:
    """Return the call around `link`: its `<sup>`, or the `<span>` of a plugin's call."""
    parent = parents.get(link)
    if parent is not None and htmltree.name(parent) == "sup":
        return parent
    if parent is not None and "footnote" in (parent.get("class") or "").lower():
        return parent
    return link


def _ancestors(element: Element, parents: dict[Element, Element]) -> Iterator[Element]:
    while element in parents:
        element = parents[element]
        yield element


def _replace(parents: dict[Element, Element], element: Element, text: str) -> None:
    """Put `text` where `element` stands in its parent, its tail kept, the element gone."""
    parent = parents.get(element)
    if parent is None:
        return
    after = text + (element.tail or "")
    at = list(parent).index(element)
    if at == 0:
        parent.text = (parent.text or "") + after
    else:
        parent[at - 1].tail = (parent[at - 1].tail or "") + after
    parent.remove(element)


def _markdown(entry: Element) -> str:
    """Return a note's text as Markdown, its links back to the call left out."""
    parents = {child: parent for parent in entry.iter() for child in parent}
    for link in [e for e in entry.iter() if (e.get("href") or "").startswith("#")]:
        _replace(parents, link, "")
    blocks = walk_blocks(htmltree.Page(entry, {}, {}))
    text = " ".join(b.markdown for b in blocks if b.kind != "image")
    return _BACK.sub("", text)
