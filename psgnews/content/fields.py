"""The kinds of value psgnews's YAML files hold: one-line text, names, tags, addresses, dates.

Each is an `Annotated` type whose metadata pydantic understands (`Check`, `Parse`,
`Limits`); the dataclasses of `psgnews.content.schema` and `psgnews.content.settings`
are made of them, and stay plain dataclasses that need no pydantic to be read back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from psgnews.content.addresses import email_address
from psgnews.content.dates import Dateline, parse_dateline
from psgnews.core.names import is_name

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
