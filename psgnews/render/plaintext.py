"""Sanitised HTML fragments to plain text a person reads with pleasure.

Paragraphs are wrapped at 72 columns, lists keep their bullets and numbers,
headings are underlined by level (h3 with -, h4 with ~, below with ^), footnotes
are numbered with superscripts (¹) and links become lettered references ([a])
listed after the text, so a note and a link are never mistaken for each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from psgnews.content import htmltree

WIDTH = 72
BREAK = "\u2028"  # a <br>: a line break kept through wrapping (source newlines are spaces)
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
UNDERLINES = {"h3": "-", "h4": "~"}  # deeper headings: "^"
BLOCKS = {"p", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "hr", "section", "table"}
# Emphasis as plain-text mail has marked it since Usenet: *bold* and _italic_.
MARKS = {"strong": "*", "b": "*", "em": "_", "i": "_"}


@dataclass
class Text:
    """A fragment converted to text, with the links it referred to."""

    body: str
    links: list[str] = field(default_factory=list)


def wrap(text: str, indent: str = "", first: str | None = None) -> str:
    """Wrap `text` at WIDTH columns; `first` prefixes the first line instead of `indent`.

    Words are never broken, so a URL longer than a line stands on a line of its own.
    (textwrap.fill does the same with break_long_words=False, at several times the cost.)
    """
    lines: list[str] = []
    line = indent if first is None else first
    bare = True  # the line holds only its prefix
    for word in text.split():
        if not bare and len(line) + 1 + len(word) > WIDTH:
            lines.append(line)
            line, bare = indent, True
        line = line + word if bare else f"{line} {word}"
        bare = False
    if not bare:
        lines.append(line)
    return "\n".join(lines)


def underline(title: str, char: str = "=") -> str:
    """Return `title` wrapped, underlined with `char` as long as its longest line."""
    lines = wrap(title).splitlines()
    return "\n".join([*lines, char * max(len(line) for line in lines)])


def html_to_text(html: str, links: list[str] | None = None, base: str = "") -> Text:
    """Convert a sanitised HTML fragment; link numbers continue after `links`.

    Relative links are resolved against `base` (a plain-text reader has no base URL).
    """
    converter = _Converter(list(links or []), base)
    converter.feed(htmltree.tree_of(html))
    return Text(converter.result(), converter.links)


class _Converter:
    def __init__(self, links: list[str], base: str = "") -> None:
        self.links = links
        self.base = base
        self.blocks: list[tuple[str, str]] = []  # (kind, text); list items join tightly
        self.current: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self.quote = 0
        self.pre = 0
        self.href: str | None = None
        self.prefix = ""
        self.skip = 0  # inside a footnote's back-reference (↩): left out of the text
        self.marker = False  # inside a footnote marker: its digits become superscripts
        self.table: list[list[str]] | None = None  # rows of cells while inside a table

    def feed(self, element: Element) -> None:
        """Convert the content of `element`, in document order."""
        if element.text:
            self.handle_data(element.text)
        for child in element:
            if tag := htmltree.name(child):  # not a comment
                self.handle_starttag(tag, child.attrib)
                if tag not in htmltree.VOID:
                    self.feed(child)
                    self.handle_endtag(tag)
            if child.tail:
                self.handle_data(child.tail)

    def handle_starttag(self, tag: str, attributes: dict[str, str]) -> None:
        kind = attributes.get("class") or ""
        if self.table is not None and tag in ("tr", "td", "th"):
            self._table_tag(tag)
            return
        if tag in BLOCKS:
            self.flush()
        if tag == "table":
            self.table = []
        elif tag == "a" and "footnote-backref" in kind:
            self.skip += 1
        elif tag == "ul":
            self.lists.append([])
        elif tag == "ol" and "footnotes-list" in kind:
            self.blocks.append(("p", "Notes:"))
            self.lists.append([-1])  # footnotes: numbered with superscripts, like their markers
        elif tag == "ol":
            self.lists.append([int(attributes.get("start") or 1)])
        elif tag == "li":
            self.prefix = self._bullet()
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "br":
            self._emit(BREAK)
        elif tag == "hr" and attributes.get("class") != "footnotes-sep":
            self.blocks.append(("hr", "* * *".center(WIDTH).rstrip()))
        elif tag == "a":
            self.href = attributes.get("href")
        elif tag == "img" and attributes.get("alt"):
            self._emit(f"[image: {attributes['alt']}]")
        elif tag == "sup" and "footnote-ref" in kind:
            self.marker = True
        elif tag in MARKS and not self.pre:
            self._emit(MARKS[tag])

    def handle_endtag(self, tag: str) -> None:
        if self.skip and tag == "a":
            self.skip -= 1
            return
        if tag == "table" and self.table is not None:
            self._end_table()
            return
        if self.table is not None and tag in ("tr", "td", "th"):
            return
        if tag == "a":
            self._end_link()
        elif tag in MARKS and not self.pre:
            self._emit(MARKS[tag])
        if tag in BLOCKS or tag in ("ul", "ol"):
            self.flush(heading=tag if tag.startswith("h") else None)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote -= 1
        elif tag == "pre":
            self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.marker:
            data, self.marker = data.strip("[]").translate(SUPERSCRIPT), False
        self._emit(data if self.pre else data.replace("\n", " "))

    def _emit(self, text: str) -> None:
        """Add text to the table cell being read, or else to the current block."""
        if self.table:
            if self.table[-1]:
                self.table[-1][-1] += text
        else:
            self.current.append(text)

    def _recent(self) -> str:
        """Return the text of the table cell being read, or else of the current block."""
        if self.table:
            return self.table[-1][-1] if self.table[-1] else ""
        return "".join(self.current)

    def _table_tag(self, tag: str) -> None:
        assert self.table is not None
        if tag == "tr":
            self.table.append([])
        elif self.table:
            self.table[-1].append("")

    def _end_table(self) -> None:
        rows = [[" ".join(cell.split()) for cell in row] for row in self.table or [] if row]
        self.table = None
        if rows:
            self.blocks.append(("table", table_text(rows)))

    def _end_link(self) -> None:
        href, self.href = self.href, None
        if not href or href.startswith("#"):
            return  # in-page links (footnotes) have nothing to list
        text = self._recent().rstrip()
        if text.endswith(href) or text.endswith(href.removeprefix("mailto:")):
            return  # a bare URL needs no reference
        self.links.append(urljoin(self.base, href) if self.base else href)
        self._emit(f" [{link_mark(len(self.links))}]")

    def _bullet(self) -> str:
        if not self.lists or not self.lists[-1]:
            return "- "
        if self.lists[-1][0] < 0:
            self.lists[-1][0] -= 1
            return f"{str(-self.lists[-1][0] - 1).translate(SUPERSCRIPT)} "
        number = self.lists[-1][0]
        self.lists[-1][0] += 1
        return f"{number}. "

    def flush(self, heading: str | None = None) -> None:
        text = "".join(self.current)
        self.current = []
        if not text.strip():
            return
        depth = max(len(self.lists) - 1, 0)
        indent = "  " * depth + "> " * self.quote
        if self.pre:
            code = text.strip("\n").split("\n")
            self.blocks.append(("pre", "\n".join(indent + "    " + line for line in code)))
        elif heading:
            char = UNDERLINES.get(heading, "^")
            self.blocks.append(("heading", underline(" ".join(text.split()), char)))
        else:
            prefix, self.prefix = self.prefix, ""
            hang = indent + " " * len(prefix)
            parts = [part for part in text.split(BREAK) if part.strip()]
            lines = [
                wrap(part, hang, indent + prefix if i == 0 else hang)
                for i, part in enumerate(parts)
            ]
            self.blocks.append(("li" if prefix else "p", "\n".join(lines)))

    def result(self) -> str:
        self.flush()
        out: list[str] = []
        previous = ""
        for kind, text in self.blocks:
            if out:
                out.append("\n" if kind == previous == "li" else "\n\n")
            out.append(text)
            previous = kind
        return "".join(out)


def link_mark(number: int) -> str:
    """Return the letters of link `number` (from 1): a, b, ..., z, aa, ab, ..."""
    letters = ""
    while number > 0:
        number, index = divmod(number - 1, 26)
        letters = chr(ord("a") + index) + letters
    return letters


def table_text(rows: list[list[str]]) -> str:
    """Return table rows as aligned columns, or as "heading: value" lines when too wide."""
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(columns)]
    if sum(widths) + 2 * (columns - 1) <= WIDTH:
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(line.rstrip() for line in lines)
    heading, *body = rows
    records = [
        "\n".join(
            wrap(f"{h}: {cell}" if h else cell, "  ", "")
            for h, cell in zip(heading, row, strict=True)
            if cell
        )
        for row in body
    ]
    return "\n\n".join(records)
