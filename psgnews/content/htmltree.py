"""psgnews's one HTML parser: HTML5 parsing into an `xml.etree` tree, and back to HTML.

Every change to article HTML and every check of it works on a tree parsed here
as a browser parses (tinyhtml5, the parser WeasyPrint itself uses): implied end
tags, raw text, character references. tinyhtml5 is imported only when something
is parsed: an issue from the cache of checked content keeps its trees (`Html`).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from functools import cached_property
from typing import Any
from xml.etree.ElementTree import Element

# Elements that have no end tag and no content.
VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
})  # fmt: skip
# Elements whose text is written as it is, never escaped.
RAW_TEXT = frozenset({"style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext"})
# The namespaces of attributes written with a prefix (xlink:href in SVG).
PREFIXES = {
    "http://www.w3.org/1999/xlink": "xlink",
    "http://www.w3.org/XML/1998/namespace": "xml",
    "http://www.w3.org/2000/xmlns/": "xmlns",
}


class Html(str):
    """HTML that keeps its tree: parsed once, then pickled with it into the cache.

    The tree is shared by every output: never change it, change a `copy` of it.
    """

    @cached_property
    def tree(self) -> Element:
        """Return the parsed tree of this HTML."""
        return parse(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return _with_tree, (str(self), self.tree)


def _with_tree(text: str, tree: Element) -> Html:
    html = Html(text)
    html.__dict__["tree"] = tree
    return html


def tree_of(html: str) -> Element:
    """Return the tree of fragment `html`: the one it keeps if it is `Html`, else a new one."""
    return html.tree if isinstance(html, Html) else parse(html)


def parse(html: str, *, scripting: bool = False) -> Element:
    """Return the tree of HTML fragment `html`: a root element holding its nodes.

    With `scripting`, `<noscript>` holds raw text, as a browser running scripts
    (and the sanitiser) reads it; without, markup, as in the PDF renderer.
    """
    # Imported here: an issue from the cache of checked content brings its trees, parsed.
    from tinyhtml5.parser import HTMLParser  # type: ignore[import-untyped]

    parser = HTMLParser(namespace_html_elements=False)
    # A stream, never the str: tinyhtml5 reads a short str naming a file as that file.
    root: Element = parser.parse_fragment(io.StringIO(html), scripting=scripting)
    return root


def copy_of(tree: Element) -> Element:
    """Return a deep copy of `tree`, to change without changing the shared one."""
    return copy.deepcopy(tree)


def name(element: Element) -> str:
    """Return the tag name of `element` without its namespace ('' for a comment)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def elements(tree: Element) -> Iterator[Element]:
    """Yield every element under `tree` in document order, leaving out comments."""
    for element in tree.iter():
        if element is not tree and isinstance(element.tag, str):
            yield element


def attribute_name(key: str) -> str:
    """Return an attribute's name as HTML writes it: "xlink:href", not "{...xlink}href"."""
    if not key.startswith("{"):
        return key
    namespace, _, local = key[1:].partition("}")
    prefix = PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else local


def text(element: Element) -> str:
    """Return all the text inside `element`."""
    return "".join(element.itertext())


def serialise(tree: Element) -> str:
    """Return the HTML of `tree`'s content, written as the HTML5 serialisation algorithm does."""
    out: list[str] = []
    _content(tree, out)
    return "".join(out)


def _content(element: Element, out: list[str]) -> None:
    raw = name(element) in RAW_TEXT
    if element.text:
        out.append(element.text if raw else escape_text(element.text))
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            _element(child, tag.rpartition("}")[2], out)
        else:  # a comment: the parser makes no processing instructions
            out.append(f"<!--{child.text or ''}-->")
        if child.tail:
            out.append(child.tail if raw else escape_text(child.tail))


def _element(element: Element, tag: str, out: list[str]) -> None:
    out.append(f"<{tag}")
    for key, value in element.attrib.items():
        out.append(f' {attribute_name(key)}="{escape_attribute(value)}"')
    out.append(">")
    if tag in VOID and not element.tag.startswith("{"):
        return
    _content(element, out)
    out.append(f"</{tag}>")


def escape_text(value: str) -> str:
    """Return text escaped for HTML (the no-break space too, as browsers write it)."""
    return (
        value.replace("&", "&amp;")
        .replace("\xa0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def escape_attribute(value: str) -> str:
    """Return an attribute value escaped for writing between double quotes."""
    return (
        value.replace("&", "&amp;")
        .replace("\xa0", "&nbsp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
