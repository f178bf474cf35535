"""Markdown footnotes made ready for print: each note moved to where it is called.

markdown-it writes a reference `<sup class="footnote-ref">` in the text and the
notes in a list at the end. Paged media wants the note itself at the call site
(`float: footnote`), so WeasyPrint can set it at the foot of the same page.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

import markupsafe

from psgnews.content import htmltree


def for_print(html: str) -> markupsafe.Markup:
    """Return `html` with each footnote placed, as a `<span class="footnote">`, at its call."""
    tree = htmltree.tree_of(html)
    if not any(_is(e, "section", "footnotes") for e in tree):
        return markupsafe.Markup(html)
    tree = htmltree.copy_of(tree)
    notes = {item.get("id", ""): _note(item) for item in _take_notes(tree)}
    placed: set[str] = set()
    for parent in list(tree.iter()):
        for index, ref in enumerate(parent):
            if not _is(ref, "sup", "footnote-ref") or len(ref) != 1:
                continue
            key = (ref[0].get("href") or "").removeprefix("#")
            if key in notes and key not in placed:
                placed.add(key)
                call = notes[key]
            else:  # a note called twice is printed once; later calls repeat its number
                label = htmltree.text(ref).strip("[]").partition(":")[0]
                call = Element("sup", {"class": "footnote-again"})
                call.text = label
            call.tail = ref.tail
            parent[index] = call
    # A note whose call was not found is kept, at the end, rather than lost.
    if left := [note for key, note in notes.items() if key not in placed]:
        _append_text(tree, "\n")
        listing = Element("ol", {"class": "footnotes-left"})
        for note in left:
            note.tag, note.attrib = "li", {}
            listing.append(note)
        tree.append(listing)
    return markupsafe.Markup(htmltree.serialise(tree))


def _take_notes(tree: Element) -> list[Element]:
    """Remove the list of notes (and the rule above it) from `tree`; return its items."""
    section = next(e for e in tree if _is(e, "section", "footnotes"))
    items = [li for ol in section if _is(ol, "ol", "footnotes-list") for li in ol]
    index = list(tree).index(section)
    before = tree[index - 1] if index else None
    if before is not None and _is(before, "hr", "footnotes-sep"):
        _remove(tree, before)
    _remove(tree, section)
    return [li for li in items if _is(li, "li", "footnote-item")]


def _note(item: Element) -> Element:
    """Return a note's list item as inline content: no back-links, paragraphs joined by <br>."""
    for parent in list(item.iter()):
        for link in [a for a in parent if _is(a, "a", "footnote-backref")]:
            _remove(parent, link)
    note = Element("span", {"class": "footnote"})
    _append_text(note, item.text or "")
    gap: str | None = None  # the white space after the last child, if it was a paragraph
    for child in item:
        if htmltree.name(child) == "p" and gap is not None:
            note.append(Element("br"))
        elif gap is not None:
            _append_text(note, gap)
        gap = None
        if htmltree.name(child) != "p":
            note.append(child)
            continue
        _append_text(note, child.text or "")
        note.extend(child)
        if (child.tail or "").strip():
            _append_text(note, child.tail or "")
        else:
            gap = child.tail or ""
    _append_text(note, gap or "")
    note.text = (note.text or "").lstrip()
    _set_last_text(note, _last_text(note).rstrip())
    return note


def _is(element: Element, tag: str, kind: str) -> bool:
    """Return whether `element` is a `tag` of class `kind`."""
    return htmltree.name(element) == tag and kind in (element.get("class") or "").split()


def _remove(parent: Element, child: Element) -> None:
    """Remove `child` and the white space before it, keeping the text after it."""
    index = list(parent).index(child)
    holder = parent[index - 1] if index else None
    before = (holder.tail if holder is not None else parent.text) or ""
    joined = before.rstrip() + (child.tail or "")
    if holder is not None:
        holder.tail = joined
    else:
        parent.text = joined
    parent.remove(child)


def _last_text(element: Element) -> str:
    """Return the text at the end of `element`'s content."""
    return (element[-1].tail if len(element) else element.text) or ""


def _set_last_text(element: Element, text: str) -> None:
    if len(element):
        element[-1].tail = text
    else:
        element.text = text


def _append_text(element: Element, text: str) -> None:
    _set_last_text(element, _last_text(element) + text)
