"""Links made readable on paper: each external link's address printed after its text.

A printed link leads nowhere, so the print HTML marks every link to another
site whose text is not already its address; the print stylesheet sets the
address after the text (`a.print-address::after`).
"""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markupsafe

from psgnews.content import htmltree


def for_print(html: str) -> markupsafe.Markup:
    """Return `html` with each external link that hides its address marked to print it."""
    tree = htmltree.tree_of(html)
    links = [e for e in htmltree.elements(tree) if htmltree.name(e) == "a"]
    if not any(_needs_address(link) for link in links):
        return markupsafe.Markup(html)
    tree = htmltree.copy_of(tree)
    for link in htmltree.elements(tree):
        if htmltree.name(link) == "a" and _needs_address(link):
            classes = (link.get("class") or "").split()
            link.set("class", " ".join([*classes, "print-address"]))
            link.set("data-address", shown(link.get("href") or ""))
    return markupsafe.Markup(htmltree.serialise(tree))


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
