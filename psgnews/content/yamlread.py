"""Read YAML files safely, remembering the line and column of every value.

The parser's events are turned into plain Python values by hand so that
duplicate keys, anchors, aliases and unsafe tags are refused where they stand,
instead of being silently resolved (PyYAML keeps the last duplicate key and
expands aliases only when the data is walked).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - libyaml is present on every supported platform
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

from psgnews.content import yamlhints
from psgnews.core.errors import Problem, UnreadableFileError
from psgnews.core.readfile import read_regular

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
Loc = tuple[str | int, ...]
KEY = "<key>"  # marks[path + (KEY,)] is where the key of `path` stands


@dataclass
class Document:
    """The data of one YAML file and where each value stands in it."""

    display: str
    data: Any = None
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""

    def where(self, loc: Loc) -> tuple[int, int]:
        """Return (line, column) of `loc`, or of its nearest located parent."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.marks:
                return self.marks[loc[:end]]
        return (1, 1)

    def problem(self, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        """Return a Problem located at `loc` (at its key when `at_key`)."""
        line, column = self.where((*loc, KEY) if at_key else loc)
        name = ".".join(str(part) for part in loc)
        return Problem(self.display, line, column, name, message)

    def add(self, loc: Loc, message: str, *, at_key: bool = False) -> None:
        self.problems.append(self.problem(loc, message, at_key=at_key))

    def add_near(self, loc: Loc, needle: str, message: str) -> None:
        """Add a problem of `loc` where `needle` (a URL) stands, from the line `loc` starts on.

        The first line that writes it as a URL (`](needle`, `="needle`, `<needle`) wins over
        a line of prose that only mentions it; failing both, the problem stays at `loc`.
        """
        problem = self.problem(loc, message)
        if needle:
            as_url = re.compile(r"(?:\]\(\s*<?|=\s*[\"']?|<)(" + re.escape(needle) + ")")
            anywhere = re.compile("(" + re.escape(needle) + ")")
            lines = self.text.splitlines()[problem.line - 1 :]
            for pattern in (as_url, anywhere):
                found = next(
                    ((n, m) for n, text in enumerate(lines) if (m := pattern.search(text))), None
                )
                if found is not None:
                    number, match = found
                    line, column = problem.line + number, match.start(1) + 1
                    problem = dataclasses.replace(problem, line=line, column=column)
                    break
        self.problems.append(problem)


def read(path: Path, display: str) -> Document:
    """Read and parse `path`; problems are collected in the returned Document."""
    doc = Document(display)
    try:
        raw = read_regular(path, MAX_BYTES)  # a regular file inside the project, read up to a limit
    except UnreadableFileError as e:
        doc.add((), f"file {e.reason}; refused")
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        doc.problems.append(
            Problem(
                display,
                line,
                column,
                "",
                f"not UTF-8: byte 0x{raw[e.start]:02x} at offset {e.start}",
            )
        )
        return doc
    parse_into(doc, text)
    return doc


def parse_into(doc: Document, text: str) -> None:
    """Parse `text` as one YAML document into `doc`."""
    doc.text = text
    if not text.strip():
        doc.add((), "file is empty")
        return
    try:
        events = yaml.parse(text, Loader=Loader)
        builder = _Builder(doc, events)
        doc.data = builder.document()
    except yaml.reader.ReaderError as e:  # a character YAML does not allow, anywhere
        line = text.count("\n", 0, e.position) + 1
        column = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        what = (
            f"control character U+{e.character:04X}"
            if isinstance(e.character, int)
            else "a character"
        )
        doc.problems.append(
            Problem(doc.display, line, column, "", f"{what} is not allowed in YAML; remove it")
        )
        doc.data = None
        return
    except yaml.MarkedYAMLError as e:
        line, column, message = yamlhints.explain(e, text)
        doc.problems.append(Problem(doc.display, line, column, "", message))
        doc.data = None
        return
    if doc.data is None and not doc.problems:
        doc.add((), "file holds no data")


class _Builder:
    """Turn a stream of parser events into Python values, with their marks."""

    def __init__(self, doc: Document, events: Iterator[yaml.Event]) -> None:
        self.doc = doc
        self.events = events
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def document(self) -> Any:
        value = None
        documents = 0
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._add(event, (), "more than one YAML document in the file")
                    return value
                value = self.node(next(self.events), (), 0)
        return value

    def node(self, event: yaml.Event, loc: Loc, depth: int) -> Any:
        self.doc.marks[loc] = _mark(event)
        if depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                problem=f"nested deeper than {MAX_DEPTH} levels",
                problem_mark=event.start_mark,  # type: ignore[arg-type]
            )
        if isinstance(event, yaml.AliasEvent):
            self._add(
                event, loc, f"YAML aliases (*{event.anchor}) are not allowed; write the value out"
            )
            return None
        anchor = getattr(event, "anchor", None)
        if anchor:
            self._add(event, loc, f"YAML anchors (&{anchor}) are not allowed")
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, loc)
        if isinstance(event, yaml.SequenceStartEvent):
            self._check_collection_tag(event, loc, "seq")
            return self.sequence(loc, depth)
        if isinstance(event, yaml.MappingStartEvent):
            self._check_collection_tag(event, loc, "map")
            return self.mapping(loc, depth)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def sequence(self, loc: Loc, depth: int) -> list[Any]:
        items: list[Any] = []
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                return items
            items.append(self.node(event, (*loc, len(items)), depth + 1))
        return items  # pragma: no cover - the parser always closes a sequence

    def mapping(self, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for event in self.events:
            if isinstance(event, yaml.MappingEndEvent):
                return result
            key = self._key(event, loc)
            value = self.node(next(self.events), (*loc, key), depth + 1)
            if key in result:
                first = self.doc.marks[(*loc, key, KEY)][0]
                self._add(event, (*loc, key), f"duplicate key (first given on line {first})")
                continue
            self.doc.marks[(*loc, key, KEY)] = _mark(event)
            result[key] = value
        return result  # pragma: no cover - the parser always closes a mapping

    def _key(self, event: yaml.Event, loc: Loc) -> str:
        if isinstance(event, yaml.ScalarEvent) and not event.anchor:
            return event.value
        self._add(event, loc, "keys must be plain text")
        self._skip(event)  # a mapping or list as a key (`? a: b`): its events are not a value
        return f"<bad key at line {_mark(event)[0]}>"

    def _skip(self, event: yaml.Event) -> None:
        """Consume the rest of the node `event` starts, reading nothing from it."""
        open_ = int(isinstance(event, yaml.CollectionStartEvent))
        while open_:
            following = next(self.events)
            open_ += isinstance(following, yaml.CollectionStartEvent)
            open_ -= isinstance(following, yaml.CollectionEndEvent)

    def scalar(self, event: yaml.ScalarEvent, loc: Loc) -> Any:
        tag = event.tag
        if tag in (None, "!"):
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag not in SAFE_TAGS:
            self._add(
                event, loc, f"the tag {event.tag} is refused; only plain YAML values are allowed"
            )
            return None
        node = yaml.ScalarNode(tag, event.value, style=event.style)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        # PyYAML's constructors trust the resolver: given a tag by hand, they fail every way.
        except (
            ValueError,
            LookupError,
            AttributeError,
            TypeError,
            ArithmeticError,
            yaml.YAMLError,
        ):
            if event.tag not in (None, "!"):  # `!!bool maybe`: the writer asked for a type
                kind = tag.rpartition(":")[2]
                self._add(event, loc, f"{_shown(event.value)} is not a !!{kind}")
                return None
            return event.value  # e.g. 2007-02-30: left as text for the schema to report

    def _check_collection_tag(self, event: yaml.CollectionStartEvent, loc: Loc, kind: str) -> None:
        if event.tag not in (None, "!", f"tag:yaml.org,2002:{kind}"):
            self._add(
                event, loc, f"the tag {event.tag} is refused; only plain YAML values are allowed"
            )

    def _add(self, event: yaml.Event, loc: Loc, message: str) -> None:
        line, column = _mark(event)
        name = ".".join(str(part) for part in loc)
        self.doc.problems.append(Problem(self.doc.display, line, column, name, message))


def _shown(value: str) -> str:
    """Return `value` quoted for a message, cut short."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)
