"""The shape of every YAML file psgnews reads, as frozen pydantic models."""

from __future__ import annotations

import datetime
import difflib
import re
import types
import typing
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from psgnews.yamlload import Document

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


def is_name(value: str) -> bool:
    """Return whether `value` is a file or layout name: lower-case letters, digits, hyphens."""
    return re.fullmatch(r"[a-z0-9][a-z0-9-]*", value) is not None


def _name(value: str) -> str:
    if not is_name(value):
        raise ValueError(f"{value!r} is not a name (lower-case letters, digits and hyphens)")
    return value


def _matching(pattern: str, complaint: str) -> AfterValidator:
    """Return a validator refusing text that is not all of `pattern`, saying `complaint`."""

    def check(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise ValueError(f"{value!r} {complaint}")
        return value

    return AfterValidator(check)


def _number_as_name(value: Any) -> Any:
    """Let `layout: 2006` name the folder layouts/2006/ without quotes."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ONE_LINE = AfterValidator(_one_line)
OneLine = Annotated[str, ONE_LINE]
PlainText = Annotated[str, AfterValidator(_plain_text)]
Name = Annotated[str, AfterValidator(_name)]
EmailAddress = Annotated[
    str,
    ONE_LINE,
    _matching(
        r"[^@\s<>,;:\"()\[\]]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
        "is not an email address like news@example.org",
    ),
]
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
    str, _matching(r"[A-Za-z_][A-Za-z0-9_]*", "is not the name of an environment variable")
]


LayoutName = Annotated[str, BeforeValidator(_number_as_name), AfterValidator(_name)]


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Sender(Strict):
    name: OneLine
    address: EmailAddress


class Unsubscribe(Strict):
    """Where a member unsubscribes: the email's footer link and List-Unsubscribe header."""

    mailto: EmailAddress
    url: HttpsUrl | None = None
    secret_env: EnvName = "PSGNEWS_UNSUBSCRIBE_SECRET"  # keys the links' tokens


class Smtp(Strict):
    """psgnews.yaml's smtp: the relay that delivers to members (login from the environment)."""

    host: OneLine
    port: int = Field(gt=0, lt=65536)
    tls: Literal["starttls", "implicit", "none"]
    user_env: EnvName = "PSGNEWS_SMTP_USER"
    password_env: EnvName = "PSGNEWS_SMTP_PASSWORD"
    timeout: float = Field(default=60, gt=0)
    retries: int = Field(default=4, ge=0, le=20)
    retry_delay: float = Field(default=5, ge=0, le=3600)


class Config(Strict):
    """psgnews.yaml: the publication's settings."""

    publication: OneLine
    short_name: Name = "psg"
    newsletter: FileWords = "Update"
    sections: tuple[OneLine, ...] = Field(min_length=1)
    web_base_url: WebUrl  # file:// too, to preview the email with local images
    sender: Sender
    recipient: EmailAddress
    standing: tuple[Name, ...] = ()
    unsubscribe: Unsubscribe | None = None
    smtp: Smtp | None = None


class ImageSpec(Strict):
    src: OneLine
    alt: OneLine
    caption: PlainText | None = None
    credit: OneLine | None = None


class ArticleSpec(Strict):
    """issues/<N>/<name>.yaml: one article."""

    title: OneLine
    section: OneLine
    summary: PlainText
    body: str = ""
    date: datetime.date | None = None
    lang: Literal["en", "es"] = "en"
    image: ImageSpec | None = None
    tags: tuple[OneLine, ...] = ()


class IssueSpec(Strict):
    """issues/<N>/issue.yaml: the issue's own data."""

    number: int = Field(gt=0)
    date: datetime.date
    order: tuple[str, ...] | None = None
    summary: PlainText | None = None
    editorial: str | None = None
    layout: LayoutName = "default"


class StandingSpec(Strict):
    """issues/_standing/<name>.yaml: a piece printed in every issue."""

    title: OneLine
    body: str


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: Document) -> M | None:
    """Return `doc.data` as a `model`, or None with every problem added to `doc`."""
    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        doc.add((), f"the file must be a mapping of keys to values, not {_kind(doc.data)}")
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as e:
        reported = {p.field for p in doc.problems}  # e.g. an alias already refused
        for error in e.errors(include_url=False):
            loc = tuple(error["loc"])
            if ".".join(map(str, loc)) in reported:
                continue
            doc.add(loc, _message(model, error), at_key=error["type"] == "extra_forbidden")
        return None


def _message(model: type[BaseModel], error: Any) -> str:
    kind, value, loc = error["type"], error.get("input"), tuple(error["loc"])
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        suggestion = f"did you mean '{hint[0]}'?" if hint else f"known fields: {', '.join(known)}"
        return f"unknown field; {suggestion}"
    if kind.startswith("date"):
        return f'not a date ("{value}"); write it as YYYY-MM-DD, e.g. 2007-01-31'
    if kind == "string_type":
        return f"expected text, got {_kind(value)} (put it in quotes)"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {value!r}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {_kind(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of keys to values, got {_kind(value)}"
    if kind == "literal_error":
        return f"{value!r} is not allowed; {error['msg'].lower()}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Return the field names of the (nested) model found at `loc`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        annotation = current.model_fields[part].annotation
        current = next(
            (a for a in _flatten(annotation) if isinstance(a, type) and issubclass(a, BaseModel)),
            None,
        )
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
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
