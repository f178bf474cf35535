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
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar

from psgnews.content.addresses import email_address
from psgnews.content.dates import Dateline, parse_dateline, refusal
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


# Every character that breaks a line somewhere: str.splitlines's, which headers and the PDF obey.
_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _one_line(value: str) -> str:
    if _BREAK.search(value):
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
    value = unicodedata.normalize("NFC", value)  # "Perú" typed either way is one tag
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


def _whole_number(value: Any) -> Any:
    """Refuse what pydantic would make a whole number of: 200.0, "200", true."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


def _number_as_name(value: Any) -> Any:
    """Let `layout: 2006` name the folder layouts/2006/ without quotes."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ONE_LINE = Check(_one_line)
OneLine = Annotated[str, ONE_LINE]
PlainText = Annotated[str, Check(_plain_text)]
Name = Annotated[str, Check(_name)]
Tag = Annotated[str, ONE_LINE, Check(_tag)]
EmailAddress = Annotated[str, ONE_LINE, Check(_email_address)]
# An https address, or http:// on this machine only, so the whole loop can be tried locally.
EndpointUrl = Annotated[
    str,
    ONE_LINE,
    _matching(
        r"(https://|http://(127\.0\.0\.1|localhost)(:\d+)?/)[^\s<>\"',]*",
        "is not an https:// address (http:// only for 127.0.0.1 or localhost;"
        " no spaces, quotes, commas or <>)",
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


# What editors' YAML language servers are told (`psgnews.content.schemas`): the checks
# above run in Python, and these say the same in JSON Schema where it can.
_DATELINE = r"^[0-9]{4}-[0-9]{2}(-[0-9]{2}|/[0-9]{4}-[0-9]{2})?$"
_NAME = r"^[a-z0-9][a-z0-9-]*$"
WholeNumber = Annotated[int, Check(_whole_number, before=True)]
WrittenNumber = Annotated[str, _matching(r"\d{1,5}", "is not a number as written, e.g. 065")]


def _json_schema(schema: dict[str, Any]) -> Any:
    """Return Annotated metadata giving pydantic's JSON Schema of a value as `schema`."""

    class Given:
        def __get_pydantic_json_schema__(self, core: Any, handler: Any) -> dict[str, Any]:
            return dict(schema)

    return Given()


IssueDate = Annotated[  # a day, a month, or a span of months
    Dateline,
    Parse(parse_dateline),
    _json_schema({"type": "string", "pattern": _DATELINE, "examples": ["2007-01-31", "2002-03"]}),
]
LayoutName = Annotated[
    str,
    Check(_number_as_name, before=True),
    Check(_name),
    _json_schema({"anyOf": [{"type": "string", "pattern": _NAME}, {"type": "integer"}]}),
]


# Unknown keys are refused (a misspelt key must not be ignored without a word); each
# field's docstring is its description in the JSON Schemas and the reference pages.
STRICT: dict[str, Any] = {"extra": "forbid", "use_attribute_docstrings": True}


@dataclass(frozen=True, kw_only=True)
class Sender:
    """Who the email is from."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    name: OneLine
    """The name members see in the From: header."""
    address: EmailAddress
    """The address the email comes from (and replies go to)."""
    bounces: EmailAddress | None = None
    """The envelope sender (MAIL FROM) of each copy, where bounces go; without it, `address`."""


@dataclass(frozen=True, kw_only=True)
class Unsubscribe:
    """Where a member unsubscribes: the email's footer link and List-Unsubscribe header."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    mailto: EmailAddress
    """The address members write to, to leave."""
    url: EndpointUrl | None = None
    """The page of `psgnews unsubscribe-server`: one click unsubscribes; without it, by mail."""
    secret_env: EnvName = "PSGNEWS_UNSUBSCRIBE_SECRET"
    """The environment variable holding the secret that keys the links' tokens."""
    export_secret_env: EnvName = "PSGNEWS_UNSUBSCRIBE_EXPORT_SECRET"
    """The variable holding the secret of the page's export for `members sync` (not the key)."""


@dataclass(frozen=True, kw_only=True)
class Smtp:
    """psgnews.yaml's smtp: the relay that delivers to members (login from the environment)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    host: OneLine
    """The relay's host name: the Group's provider, or its own Postfix."""
    port: Annotated[WholeNumber, Limits(gt=0, lt=65536)]
    """The relay's port: usually 587 with starttls, 465 with implicit TLS."""
    tls: Literal["starttls", "implicit", "none"]
    """How the connection is encrypted; `none` only for a relay on this machine."""
    user_env: EnvName = "PSGNEWS_SMTP_USER"
    """The environment variable holding the login's user name."""
    password_env: EnvName = "PSGNEWS_SMTP_PASSWORD"
    """The environment variable holding the login's password."""
    timeout: Annotated[float, Limits(gt=0)] = 60
    """Seconds to wait for the relay before giving up on a connection."""
    retries: Annotated[WholeNumber, Limits(ge=0, le=20)] = 4
    """How many times a member's copy is tried again after a 4xx reply."""
    retry_delay: Annotated[float, Limits(ge=0, le=3600)] = 5
    """Seconds before the first retry, doubled on each one after."""


@dataclass(frozen=True, kw_only=True)
class Publish:
    """psgnews.yaml's publish: where `psgnews publish` uploads the web archive."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    to: OneLine
    """Where the archive goes: a folder, sftp://[user@]host[:port]/path, or rsync:DEST."""
    user_env: EnvName = "PSGNEWS_SFTP_USER"
    """The environment variable holding the SFTP user, when the address names none."""
    password_env: EnvName = "PSGNEWS_SFTP_PASSWORD"
    """The environment variable holding the SFTP password; unset, the SSH agent's keys are used."""


@dataclass(frozen=True, kw_only=True)
class Mailbox:
    """psgnews.yaml's mailbox: the IMAP mailbox `members sync` reads bounces and unsubscribes in."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    host: OneLine
    """The IMAP server's host name."""
    port: Annotated[int, Limits(gt=0, lt=65536)] = 993
    """The IMAP server's port: 993 with implicit TLS, 143 with starttls."""
    tls: Literal["implicit", "starttls", "none"] = "implicit"
    """How the connection is encrypted; `none` sends the password in clear."""
    user: OneLine
    """The mailbox's login name."""
    password_env: EnvName = "PSGNEWS_MAILBOX_PASSWORD"
    """The environment variable holding the mailbox's password."""
    folder: OneLine = "INBOX"
    """The folder bounces and mailed unsubscribes arrive in."""
    processed: OneLine = "psgnews-processed"
    """The folder read messages are moved to; they are never deleted."""


@dataclass(frozen=True, kw_only=True)
class Config:
    """psgnews.yaml: the publication's settings."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    publication: OneLine
    """The Group's name, as mastheads and footers print it."""
    short_name: Name = "psg"
    """The prefix of output file names (psg-update-119.pdf)."""
    newsletter: FileWords = "Update"
    """The newsletter's name, in titles and output file names."""
    sections: Annotated[tuple[OneLine, ...], Limits(min_length=1)]
    """The sections articles are filed in, in running order."""
    web_base_url: WebUrl
    """Where the web archive is published (file:// too, to preview the email's images)."""
    sender: Sender
    """Who the email is from."""
    recipient: EmailAddress
    """The To: address of the .eml a build writes (members' copies name each member)."""
    standing: tuple[Name, ...] = ()
    """The pieces of issues/_standing/ every issue prints at its end, in order."""
    unsubscribe: Unsubscribe | None = None
    """How members unsubscribe; without it, they are asked to write to the sender."""
    smtp: Smtp | None = None
    """The relay `psgnews send` delivers through."""
    publish: Publish | None = None
    """Where `psgnews publish` uploads the web archive."""
    mailbox: Mailbox | None = None
    """The IMAP mailbox `members sync` reads bounces and mailed unsubscribes in."""
    join_url: WebUrl | None = None
    """The page where a reader becomes a member; bodies may link to it as [text][join]."""
    postal_address: PlainText | None = None
    """The Group's postal address, shown in the email's footer when given."""
    charity_registration: OneLine | None = None
    """E.g. "Registered charity no. ...", shown in the email's footer when given."""


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
