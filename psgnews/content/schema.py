"""The shape of every YAML file psgnews reads: frozen dataclasses that pydantic checks.

The classes are plain dataclasses, so the checked content of an unchanged issue
can be read back from the cache (`psgnews.core.cache`) without importing pydantic at
all; `validate` imports it only when a file has to be checked. The constraints
ride along as `Annotated` metadata that pydantic understands.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar

from psgnews.content.addresses import email_address
from psgnews.content.dates import Dateline, parse_dateline
from psgnews.content.yamlread import Document
from psgnews.core.names import did_you_mean, is_name

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


class Check:
    """Annotated metadata: run `function` on a value once its type is checked.

    With `before`, it runs first instead, on the value as the file gives it.
    """

    def __init__(self, function: Callable[[Any], Any], *, before: bool = False) -> None:
        self.function, self.before = function, before

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        if self.before:
            return core_schema.no_info_before_validator_function(self.function, handler(source))
        return core_schema.no_info_after_validator_function(self.function, handler(source))


class Parse:
    """Annotated metadata: `function` makes the value from what the file gives, or refuses it."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(self.function)


class Limits:
    """Annotated metadata: bounds of a number (gt, ge, lt, le) or a list (min_length)."""

    def __init__(self, **limits: float) -> None:
        self.limits = limits

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.limits)])  # type: ignore[call-overload]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _one_line(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError("must be a single line (it contains a line break)")
    if _CONTROL.search(value):
        raise ValueError("contains a control character")
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _plain_text(value: str) -> str:
    if _CONTROL.search(value.replace("\t", " ")):
        raise ValueError("contains a control character")
    value = " ".join(value.split())
    if not value:
        raise ValueError("must not be empty")
    return value


MAX_NAME = 64  # a layout folder or file name: longer ones are not names but accidents
MAX_TAG = 60  # a tag names a page of the web archive: a word or two


def _name(value: str) -> str:
    if len(value) > MAX_NAME:
        raise ValueError(f"{_cut(value)} is longer than {MAX_NAME} characters")
    if not is_name(value):
        raise ValueError(f"{value!r} is not a name (lower-case letters, digits and hyphens)")
    return value


def _tag(value: str) -> str:
    if len(value) > MAX_TAG:
        raise ValueError(
            f"{_cut(value)} is longer than {MAX_TAG} characters; a tag is a word or two"
        )
    return value


def _cut(value: str) -> str:
    """Return `value` quoted for a message, cut short."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _matching(pattern: str, complaint: str) -> Check:
    """Return a validator refusing text that is not all of `pattern`, saying `complaint`."""

    def check(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise ValueError(f"{value!r} {complaint}")
        return value

    return Check(check)


def _email_address(value: str) -> str:
    try:
        return email_address(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an email address like news@example.org") from None


def _number_as_name(value: Any) -> Any:
    """Let `layout: 2006` name the folder layouts/2006/ without quotes."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ONE_LINE = Check(_one_line)
OneLine = Annotated[str, ONE_LINE]
PlainText = Annotated[str, Check(_plain_text)]
Name = Annotated[str, Check(_name)]
Tag = Annotated[str, ONE_LINE, Check(_tag)]
EmailAddress = Annotated[str, ONE_LINE, Check(_email_address)]
HttpsUrl = Annotated[
    str,
    ONE_LINE,
    _matching(
        r"https://[^\s<>\"',]+", "is not an https:// address (no spaces, quotes, commas or <>)"
    ),
]
WebUrl = Annotated[
    str,
    ONE_LINE,
    _matching(
        r"(https?|file)://[^\s<>\"',]+",
        "is not a web address like https://www.example.org/updates/",
    ),
]
FileWords = Annotated[
    str,
    ONE_LINE,
    _matching(
        r"[A-Za-z0-9][A-Za-z0-9 -]*", "names the output files: use letters, digits, spaces, hyphens"
    ),
]
EnvName = Annotated[
    str,
    _matching(r"[A-Za-z_][A-Za-z0-9_]*", "is not the name of an environment variable"),
    # A handed-over project must not send, say, a cloud token to a host of its choosing.
    _matching(
        r"PSGNEWS_\w+",
        "is not a psgnews variable: name one starting with PSGNEWS_ "
        "(a project may not choose which of your environment's secrets are sent)",
    ),
]


WrittenNumber = Annotated[str, _matching(r"\d{1,5}", "is not a number as written, e.g. 065")]
IssueDate = Annotated[Dateline, Parse(parse_dateline)]  # a day, a month, or a span of months
LayoutName = Annotated[str, Check(_number_as_name, before=True), Check(_name)]


# Unknown keys are refused (a misspelt key must not be ignored without a word).
STRICT: dict[str, Any] = {"extra": "forbid"}


@dataclass(frozen=True, kw_only=True)
class Sender:
    """Who the email is from."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    name: OneLine
    address: EmailAddress


@dataclass(frozen=True, kw_only=True)
class Unsubscribe:
    """Where a member unsubscribes: the email's footer link and List-Unsubscribe header."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    mailto: EmailAddress
    url: HttpsUrl | None = None
    secret_env: EnvName = "PSGNEWS_UNSUBSCRIBE_SECRET"  # keys the links' tokens


@dataclass(frozen=True, kw_only=True)
class Smtp:
    """psgnews.yaml's smtp: the relay that delivers to members (login from the environment)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    host: OneLine
    port: Annotated[int, Limits(gt=0, lt=65536)]
    tls: Literal["starttls", "implicit", "none"]
    user_env: EnvName = "PSGNEWS_SMTP_USER"
    password_env: EnvName = "PSGNEWS_SMTP_PASSWORD"
    timeout: Annotated[float, Limits(gt=0)] = 60
    retries: Annotated[int, Limits(ge=0, le=20)] = 4
    retry_delay: Annotated[float, Limits(ge=0, le=3600)] = 5


@dataclass(frozen=True, kw_only=True)
class Config:
    """psgnews.yaml: the publication's settings."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    publication: OneLine
    short_name: Name = "psg"
    newsletter: FileWords = "Update"
    sections: Annotated[tuple[OneLine, ...], Limits(min_length=1)]
    web_base_url: WebUrl  # file:// too, to preview the email with local images
    sender: Sender
    recipient: EmailAddress
    standing: tuple[Name, ...] = ()
    unsubscribe: Unsubscribe | None = None
    smtp: Smtp | None = None
    join_url: WebUrl | None = None  # the page where a reader becomes a member: [text][join]
    postal_address: PlainText | None = None  # shown in the email's footer when given
    charity_registration: OneLine | None = None  # e.g. "Registered charity no. ...", likewise


@dataclass(frozen=True, kw_only=True)
class ImageSpec:
    """An article's lead image: its file in the issue's folder, alt text, caption, credit."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    src: OneLine
    alt: OneLine
    caption: PlainText | None = None
    credit: OneLine | None = None


@dataclass(frozen=True, kw_only=True)
class ArticleSpec:
    """issues/<N>/<name>.yaml: one article."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    title: OneLine
    section: OneLine
    summary: PlainText
    body: str = ""
    date: datetime.date | None = None
    place: Annotated[int, Limits(gt=0)] | None = None  # a briefing's among its day's news
    lang: Literal["en", "es"] = "en"
    image: ImageSpec | None = None
    tags: tuple[Tag, ...] = ()


@dataclass(frozen=True, kw_only=True)
class IssueSpec:
    """issues/<N>/issue.yaml: the issue's own data."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    number: Annotated[int, Limits(gt=0)]
    date: IssueDate
    date_written: OneLine | None = None  # as the old page wrote it ("June / July 2009"): shown
    order: tuple[str, ...] | None = None
    summary: PlainText | None = None
    editorial: str | None = None
    layout: LayoutName = "default"
    subject: OneLine | None = None  # the email's subject line, if not the usual one
    preview: PlainText | None = None  # the inbox preview text, if not the editorial's first line


@dataclass(frozen=True, kw_only=True)
class SeriesItemSpec:
    """issues/_series/<series>/<NNN>-<name>.yaml: an item of another numbered series."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    series: OneLine  # as the page wrote it, e.g. "Peru News"
    number: Annotated[int, Limits(gt=0)]
    date: IssueDate
    date_written: OneLine | None = None  # as the old page wrote it: shown instead of `date`'s text
    number_written: WrittenNumber | None = None  # "065": shown instead of `number`
    place: Annotated[int, Limits(gt=0)] | None = None  # among its day's news, as the page listed
    title: OneLine
    section: OneLine
    summary: PlainText
    body: str = ""
    lang: Literal["en", "es"] = "en"
    tags: tuple[Tag, ...] = ()


@dataclass(frozen=True, kw_only=True)
class StandingSpec:
    """issues/_standing/<name>.yaml: a piece printed in every issue."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    title: OneLine
    body: str


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
        return f'not a date ("{value}"); write it as YYYY-MM-DD, e.g. 2007-01-31'
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
