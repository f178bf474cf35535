"""Links made readable on paper: each external link's address printed after its text.

A printed link leads nowhere, so the print HTML marks every link to another
site whose text is not already its address; the print stylesheet sets a short
address after the text (`a.print-address::after`), and a long one, which would
break over lines and open gaps in them, as a note at the foot of the page.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markupsafe

from psgnews.content import htmltree

LONG = 32  # an address of more characters is printed as a note, not in the line


def for_print(html: str) -> markupsafe.Markup:
    """Return `html` with each external link that hides its address marked to print it."""
    tree = htmltree.tree_of(html)
    links = [e for e in htmltree.elements(tree) if htmltree.name(e) == "a"]
    if not any(_needs_address(link) for link in links):
        return markupsafe.Markup(html)
    tree = htmltree.copy_of(tree)
    parents = {child: parent for parent in tree.iter() for child in parent}
    for link in [e for e in htmltree.elements(tree) if htmltree.name(e) == "a"]:
        address = shown(link.get("href") or "")
        if not _needs_address(link):
            continue
        if len(address) > LONG:
            _add_note(parents[link], link, address)
        else:
            classes = (link.get("class") or "").split()
            link.set("class", " ".join([*classes, "print-address"]))
            link.set("data-address", address)
    return markupsafe.Markup(htmltree.serialise(tree))


def _add_note(parent: Element, link: Element, address: str) -> None:
    """Set `address` as a note called just after `link`, a child of `parent`."""
    note = Element("span", {"class": "footnote link-note"})
    inner = Element("span", {"class": "address"})
    inner.text = address
    note.append(inner)
    note.tail, link.tail = link.tail, None
    parent.insert(list(parent).index(link) + 1, note)


def shown(href: str) -> str:
    """Return an address as a reader types it: no scheme, no "mailto:", no trailing slash."""
    parts = urlsplit(href)
    if parts.scheme == "mailto":
        return href.removeprefix("mailto:")
    return href.removeprefix(f"{parts.scheme}://").rstrip("/") if parts.scheme else href


def _needs_address(link: Element) -> bool:
    """Return whether `link` goes to another site and its text does not say where."""
    href = link.get("href") or ""
    if urlsplit(href).scheme not in ("http", "https", "mailto"):
        return False
    text = " ".join(htmltree.text(link).split())
    return shown(text) != shown(href)
