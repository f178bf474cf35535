"""psgnews's one HTML parser: HTML5 parsing into an `xml.etree` tree, and back to HTML.

Every change to article HTML and every check of it works on a tree parsed here
as a browser parses (tinyhtml5, the parser WeasyPrint itself uses): implied end
tags, raw text, character references. tinyhtml5 is imported only when something
is parsed: an issue from the cache of checked content keeps its trees (`Html`).
tinyhtml5 takes quadratic time on deep nesting, so every parse here stops with
`TooDeep` at the first element past its limit (32 in a fragment, 128 in a page).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass
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
# Real bodies nest a handful of levels; WeasyPrint fails somewhere past 100.
MAX_DEPTH = 32
# A whole page (a layout around bodies, an old site's nested tables) nests deeper.
PAGE_DEPTH = 128
# The namespaces of attributes written with a prefix (xlink:href in SVG).
PREFIXES = {
    "http://www.w3.org/1999/xlink": "xlink",
    "http://www.w3.org/XML/1998/namespace": "xml",
    "http://www.w3.org/2000/xmlns/": "xmlns",
}


class TooDeep(ValueError):
    """Raised when HTML nests elements deeper than the limit it is parsed with.

    tinyhtml5 takes time in proportion to the depth for each element it opens,
    so deep nesting costs quadratic time: it is refused as it is met, not after.
    """

    def __init__(self, limit: int, line: int, near: str) -> None:
        self.limit, self.line, self.near = limit, line, near
        super().__init__(f"nested {limit + 1} elements deep (at most {limit})")


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


def parse(html: str, *, scripting: bool = False, limit: int = MAX_DEPTH) -> Element:
    """Return the tree of HTML fragment `html`: a root element holding its nodes.

    With `scripting`, `<noscript>` holds raw text, as a browser running scripts
    (and the sanitiser) reads it; without, markup, as in the PDF renderer.
    Raise TooDeep as soon as an element would nest deeper than `limit`.
    """
    parser = _parser(_fragment_builder(limit))
    # A stream, never the str: tinyhtml5 reads a short str naming a file as that file.
    with _refusing_depth(parser, html, limit):
        root: Element = parser.parse_fragment(io.StringIO(html), scripting=scripting)
    return root


class _Deep(Exception):
    """An element opened past the limit; `TooDeep` once the tokenizer's place is known."""


@functools.cache
def _fragment_builder(limit: int) -> type[Any]:
    """Return tinyhtml5's tree builder class, opening at most `limit` elements."""
    # Imported here: an issue from the cache of checked content brings its trees, parsed.
    from tinyhtml5.treebuilder import TreeBuilder  # type: ignore[import-untyped]

    return _limited(TreeBuilder, limit)


def _limited(base: type[Any], limit: int) -> type[Any]:
    """Return tree builder class `base`, made to open at most `limit` elements in its root."""

    class Stack(list[Any]):
        """The open elements: the root, then at most `limit` elements inside it."""

        def append(self, element: Any) -> None:
            if len(self) > limit:
                raise _Deep
            super().append(element)

    class Limited(base):  # type: ignore[misc]
        def reset(self) -> None:
            super().reset()
            self.open_elements = Stack()

    return Limited


def _parser(builder: type[Any]) -> Any:
    """Return a tinyhtml5 parser that builds with an instance of `builder`."""
    from tinyhtml5.parser import HTMLParser  # type: ignore[import-untyped]

    parser = HTMLParser(namespace_html_elements=False)
    parser.tree = builder(namespace_html_elements=False)
    for phase in parser.phases.values():
        phase.tree = parser.tree
    return parser


def _let_go(parser: Any) -> None:
    """Take the tree from `parser`, and undo the loops tinyhtml5's own tree makes.

    Each of tinyhtml5's elements knows its parent and its children: held by those
    loops (and the parser's own), a page's tree outlives its use until Python's
    collector looks for loops, and over thousands of pages the trees pile up into
    its costliest, full collections. Without them, a tree goes when its page does.
    """
    below = [parser.tree.document]
    while below:
        element = below.pop()
        element.parent = None
        below.extend(element._children)
    parser.tree.reset()  # a new, empty document, and none of the page's elements kept


@contextlib.contextmanager
def _refusing_depth(parser: Any, html: str, limit: int) -> Iterator[None]:
    """Turn an element opened past `limit` into TooDeep, at the line the tokenizer stands on."""
    try:
        yield
    except _Deep:
        line = int(parser.tokenizer.stream.position()[0])
        text = html.replace("\r\n", "\n").replace("\r", "\n").split("\n")[line - 1]
        raise TooDeep(limit, line, text.strip()[:60]) from None


def copy_of(tree: Element) -> Element:
    """Return a deep copy of `tree`, to change without changing the shared one."""
    return copy.deepcopy(tree)


def name(element: Element) -> str:
    """Return the tag name of `element` without its namespace ('' for a comment)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2] if "}" in tag else tag  # most have no namespace


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


def declared_encoding(page: bytes) -> str | None:
    """Return the encoding a page's `<meta>` declares, by its WHATWG name, or None.

    As in a browser, a page labelled Latin-1 or ASCII is read as windows-1252.
    """
    from tinyhtml5.inputstream import EncodingParser  # type: ignore[import-untyped]

    # The HTML standard's prescan, over more than its 1,024 bytes: old pages have long heads.
    encoding = EncodingParser(page[:4096]).get_encoding()
    return str(encoding.name) if encoding is not None else None


@dataclass(frozen=True)
class Page:
    """A whole page's tree, with the source line where each element and each text began."""

    root: Element
    starts: dict[Element, int]  # the line of each element's start tag
    texts: dict[tuple[Element, str], int]  # the line where each "text" or "tail" began

    def line(self, element: Element) -> int:
        """Return the line of `element`'s start tag (an implied element's: where it began)."""
        return self.starts.get(element, 0)

    def text_line(self, element: Element, slot: str) -> int:
        """Return the line where `element`'s text (`slot` "text") or tail ("tail") began."""
        return self.texts.get((element, slot), self.line(element))


def parse_page(html: str) -> Page:
    """Return the tree of the whole page `html`, with the line where each part began.

    Raise TooDeep as soon as an element would nest deeper than PAGE_DEPTH.
    """
    from tinyhtml5.treebuilder import TreeBuilder

    source = html.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    class Builder(TreeBuilder):  # type: ignore[misc]
        """tinyhtml5's tree builder, noting where the tokenizer stands as each part is made."""

        def create_element(self, token: Any) -> Any:
            return self._started(super().create_element(token))

        def insert_element_normal(self, token: Any) -> Any:
            return self._started(super().insert_element_normal(token))

        def insert_text(self, data: str, parent: Any = None) -> None:
            target = (parent or self.open_elements[-1])._element
            slot = (target[-1], "tail") if len(target) else (target, "text")
            # The tokenizer stands at the end of the text: its start is that many lines up.
            texts.setdefault(slot, here()[0] - data.count("\n"))
            super().insert_text(data, parent)

        def _started(self, element: Any) -> Any:
            # The tokenizer stands after the start tag's ">": its "<" may be lines up.
            line, column = here()
            while line > 1 and "<" not in source[line - 1][:column]:
                line -= 1
                column = len(source[line - 1])
            starts.setdefault(element._element, line)
            return element

    starts: dict[Element, int] = {}
    texts: dict[tuple[Element, str], int] = {}
    parser = _parser(_limited(Builder, PAGE_DEPTH))

    def here() -> tuple[int, int]:
        """Return the tokenizer's line and column."""
        line, column = parser.tokenizer.stream.position()
        return int(line), int(column)

    with _refusing_depth(parser, html, PAGE_DEPTH):
        root: Element = parser.parse(io.StringIO(html))
    _let_go(parser)
    # Builder's methods, in the parser's loops, hold these: emptied, they keep no element.
    page = Page(root, starts.copy(), texts.copy())
    starts.clear()
    texts.clear()
    return page
