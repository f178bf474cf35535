"""Sanitised HTML fragments to plain text a person reads with pleasure.

Paragraphs are wrapped at 72 columns, lists keep their bullets and numbers,
and links become numbered references ([1]) listed after the text.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser

WIDTH = 72
BLOCKS = {"p", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "hr", "section", "table"}


@dataclass
class Text:
    """A fragment converted to text, with the links it referred to."""

    body: str
    links: list[str] = field(default_factory=list)


def wrap(text: str, indent: str = "", first: str | None = None) -> str:
    """Wrap `text` at WIDTH columns; `first` prefixes the first line instead of `indent`."""
    return textwrap.fill(
        " ".join(text.split()),
        width=WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def underline(title: str, char: str = "=") -> str:
    """Return `title` wrapped, underlined with `char` as long as its longest line."""
    lines = wrap(title).splitlines()
    return "\n".join([*lines, char * max(len(line) for line in lines)])


def html_to_text(html: str, links: list[str] | None = None) -> Text:
    """Convert a sanitised HTML fragment; link numbers continue after `links`."""
    parser = _Converter(list(links or []))
    parser.feed(html)
    parser.close()
    return Text(parser.result(), parser.links)


class _Converter(HTMLParser):
    def __init__(self, links: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.links = links
        self.blocks: list[tuple[str, str]] = []  # (kind, text); list items join tightly
        self.current: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self.quote = 0
        self.pre = 0
        self.href: str | None = None
        self.prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in BLOCKS:
            self.flush()
        if tag == "ul":
            self.lists.append([])
        elif tag == "ol":
            self.lists.append([int(attributes.get("start") or 1)])
        elif tag == "li":
            self.prefix = self._bullet()
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "br":
            self.current.append("\n")
        elif tag == "hr" and attributes.get("class") != "footnotes-sep":
            self.blocks.append(("hr", "* * *".center(WIDTH).rstrip()))
        elif tag == "a":
            self.href = attributes.get("href")
        elif tag == "img" and attributes.get("alt"):
            self.current.append(f"[image: {attributes['alt']}]")
        elif tag in ("td", "th") and self.current:
            self.current.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._end_link()
        if tag in BLOCKS or tag in ("ul", "ol"):
            self.flush(heading=tag if tag.startswith("h") else None)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote -= 1
        elif tag == "pre":
            self.pre -= 1

    def handle_data(self, data: str) -> None:
        self.current.append(data)

    def _end_link(self) -> None:
        href, self.href = self.href, None
        if not href or href.startswith("#"):
            return  # footnote references read fine as their own [1]
        text = "".join(self.current).rstrip()
        if text.endswith(href) or text.endswith(href.removeprefix("mailto:")):
            return  # a bare URL needs no reference
        self.links.append(href)
        self.current.append(f" [{len(self.links)}]")

    def _bullet(self) -> str:
        if not self.lists or not self.lists[-1]:
            return "- "
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
            self.blocks.append(("heading", underline(" ".join(text.split()), "-")))
        else:
            prefix, self.prefix = self.prefix, ""
            hang = indent + " " * len(prefix)
            lines = [wrap(part, hang, indent + prefix) for part in text.split("\n") if part.strip()]
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
