"""The shape of the content files (issues, articles, standing pieces, series items), and `validate`.

The classes are plain dataclasses, so the checked content of an unchanged issue
can be read back from the cache (`psgnews.core.cache`) without importing pydantic at
all; `validate` imports it only when a file has to be checked. The constraints
ride along as `Annotated` metadata (`psgnews.content.fields`); the settings' shape is
`psgnews.content.settings`.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from psgnews.content.dates import refusal
from psgnews.content.fields import (
    STRICT,
    IssueDate,
    LayoutName,
    Limits,
    OneLine,
    PlainText,
    Tag,
    WholeNumber,
    WrittenNumber,
)
from psgnews.content.yamlread import Document
from psgnews.core.names import did_you_mean


@dataclass(frozen=True, kw_only=True)
class ImageSpec:
    """An article's lead image: its file in the issue's folder, alt text, caption, credit."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    src: OneLine
    """The image file, inside the issue's folder (images/protest.jpg); JPEG or PNG."""
    alt: OneLine
    """What the image shows, for readers who cannot see it."""
    caption: PlainText | None = None
    """The caption printed under it."""
    credit: OneLine | None = None
    """Who made it."""


@dataclass(frozen=True, kw_only=True)
class ArticleSpec:
    """issues/<N>/<name>.yaml: one article."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    title: OneLine
    """The title: one line of plain text."""
    section: OneLine
    """One of the sections of psgnews.yaml."""
    summary: PlainText
    """The teaser, plain text: used in lists, the inbox preview and the feed."""
    body: str = ""
    """The article in Markdown (CommonMark, tables, footnotes); without it, the summary alone."""
    date: datetime.date | None = None
    """The article's own day (YYYY-MM-DD), if not the issue's; a briefing's is required."""
    place: Annotated[int, Limits(gt=0)] | None = None
    """A briefing's place among its day's news, as the old page listed them (import writes it)."""
    lang: Literal["en", "es"] = "en"
    """Its language: drives hyphenation and lang= attributes."""
    image: ImageSpec | None = None
    """The lead image."""
    tags: tuple[Tag, ...] = ()
    """Words that file it on the web archive's tag pages."""
    draft: bool = False
    """A draft: shown marked by build and serve, left out of the web archive; send refuses it."""


@dataclass(frozen=True, kw_only=True)
class IssueSpec:
    """issues/<N>/issue.yaml: the issue's own data."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    number: Annotated[WholeNumber, Limits(gt=0)]
    """The Update's number, the folder's name."""
    date: IssueDate
    """A day (2007-01-31), a month (2002-03) or two months (2009-06/2009-07)."""
    date_written: OneLine | None = None
    """The date as the old page wrote it ("June / July 2009"): shown instead of `date`'s text."""
    order: tuple[str, ...] | None = None
    """Every article file name exactly once, in running order; else by section, then name."""
    summary: PlainText | None = None
    """One line for the PDF's subject; else the first article's summary."""
    editorial: str | None = None
    """The editorial, in Markdown, printed before the articles."""
    layout: LayoutName = "default"
    """The folder of layouts/ the issue is set with: back issues can keep their look."""
    subject: OneLine | None = None
    """The email's subject line, if not the usual one."""
    preview: PlainText | None = None
    """The inbox preview text, if not the editorial's first sentence."""
    draft: bool = False
    """A draft: shown marked by build and serve, left out of the web archive; send refuses it."""


@dataclass(frozen=True, kw_only=True)
class SeriesItemSpec:
    """issues/_series/<series>/<NNN>-<name>.yaml: an item of another numbered series."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    series: OneLine
    """The series' name as the page wrote it, e.g. "Peru News"."""
    number: Annotated[WholeNumber, Limits(gt=0)]
    """Its number in the series, as its file name starts."""
    date: IssueDate
    """A day (2011-05-31), a month (2011-05) or two months (2011-05/2011-06)."""
    date_written: OneLine | None = None
    """The date as the old page wrote it: shown instead of `date`'s text."""
    number_written: WrittenNumber | None = None
    """The number as the old page wrote it ("065"): shown instead of `number`."""
    place: Annotated[int, Limits(gt=0)] | None = None
    """Its place among its day's news, as the old page listed them (the import writes it)."""
    title: OneLine
    """The title: one line of plain text."""
    section: OneLine
    """One of the sections of psgnews.yaml."""
    summary: PlainText
    """The teaser, plain text."""
    body: str = ""
    """The item, in Markdown."""
    lang: Literal["en", "es"] = "en"
    """Its language."""
    tags: tuple[Tag, ...] = ()
    """Words that file it on the web archive's tag pages."""


@dataclass(frozen=True, kw_only=True)
class StandingSpec:
    """issues/_standing/<name>.yaml: a piece printed in every issue."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    title: OneLine
    """The piece's title."""
    body: str
    """The piece, in Markdown."""


M = TypeVar("M")


_adapters: dict[type[Any], Any] = {}


def adapter(kind: type[Any]) -> Any:
    """Return pydantic's validator of `kind`, built once (and pydantic imported) on first use."""
    if kind not in _adapters:
        from pydantic import TypeAdapter

        _adapters[kind] = TypeAdapter(kind)
    return _adapters[kind]


def validate(kind: type[M], doc: Document) -> M | None:
    """Return `doc.data` as a `kind`, or None with every problem added to `doc`."""
    from pydantic import ValidationError

    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        doc.add((), f"the file must be a mapping of keys to values, not {_kind(doc.data)}")
        return None
    try:
        return typing.cast(M, adapter(kind).validate_python(doc.data))
    except ValidationError as e:
        reported = {p.field for p in doc.problems}  # e.g. an alias already refused
        for error in e.errors(include_url=False):
            loc = tuple(error["loc"])
            if ".".join(map(str, loc)) in reported:
                continue
            doc.add(loc, _message(kind, error), at_key=error["type"] in UNKNOWN)
        return None


UNKNOWN = ("extra_forbidden", "unexpected_keyword_argument")


def _message(kind: type[Any], error: Any) -> str:
    kind_, value, loc = error["type"], error.get("input"), tuple(error["loc"])
    if kind_ == "missing" or kind_ == "missing_keyword_argument":
        return "required field is missing"
    if kind_ in UNKNOWN:
        known = _fields_at(kind, loc[:-1])
        hint = did_you_mean(str(loc[-1]), known) or f"known fields: {', '.join(known)}"
        return f"unknown field; {hint}"
    if kind_.startswith("date"):
        return refusal(value)
    if kind_ == "string_type":
        return f"expected text, got {_kind(value)} (put it in quotes)"
    if kind_ in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {value!r}"
    if kind_ in ("tuple_type", "list_type"):
        return f"expected a list, got {_kind(value)}"
    if kind_ in ("dataclass_type", "dataclass_args_type", "dict_type"):
        return f"expected a mapping of keys to values, got {_kind(value)}"
    if kind_ == "literal_error":
        return f"{value!r} is not allowed; {error['msg'].lower()}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _fields_at(kind: type[Any], loc: tuple[Any, ...]) -> list[str]:
    """Return the field names of the (nested) dataclass found at `loc`."""
    current: Any = kind
    for part in loc:
        if isinstance(part, int) or not dataclasses.is_dataclass(current):
            continue
        annotation = typing.get_type_hints(current)[part]
        current = next((a for a in _flatten(annotation) if dataclasses.is_dataclass(a)), None)
    if isinstance(current, type) and dataclasses.is_dataclass(current):
        return [f.name for f in dataclasses.fields(current)]
    return []


def _flatten(annotation: Any) -> list[Any]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return [a for arg in typing.get_args(annotation) for a in _flatten(arg)]
    return [annotation]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    names |= {list: "a list", dict: "a mapping", datetime.date: "a date"}
    return next((n for t, n in names.items() if isinstance(value, t)), type(value).__name__)
