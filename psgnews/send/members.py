"""The members list: a CSV exported from a spreadsheet, checked before anything is sent.

Columns (in any order, names in any case): `email`, `name`, `format` (`email`
or `pdf`) and `status` (`active`, `unsubscribed` or `bounced`; only `active`
members are sent anything). Other columns, such as a spreadsheet's notes, are
ignored. Every problem is reported with its line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from psgnews.content.addresses import email_address
from psgnews.core.errors import SendError, UnreadableFileError
from psgnews.core.readfile import read_regular

COLUMNS = ("email", "name", "format", "status")
MAX_NAME = 200  # characters: a To: line folds within SMTP's 998 whatever they are
FORMATS = ("email", "pdf")
STATUSES = ("active", "unsubscribed", "bounced")
MAX_BYTES = 16 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # C0, C1 and Unicode's line breaks
_ENCODED_WORD = re.compile(r"=\?[^?]*\?[bBqQ]\?[^?]*\?=")


@dataclass(frozen=True)
class Member:
    """One member as listed: `address` is what the server is given, `key` identifies them."""

    address: str
    name: str
    format: str
    active: bool
    line: int
    status: str = "active"  # one of STATUSES

    @property
    def key(self) -> str:
        """Return the address as compared: two spellings differing only in case are one member."""
        return self.address.casefold()


def read_members(path: Path) -> list[Member]:
    """Return every member listed in the CSV at `path`; raise SendError naming each problem."""
    return parse_members(members_text(read_list(path), path.name), path.name)


def read_list(path: Path) -> bytes:
    """Return the bytes of the members list at `path` (refused if over MAX_BYTES)."""
    try:  # the list itself is never a link: sync replaces it with a file of its own
        return read_regular(path, MAX_BYTES, within=path.parent)
    except UnreadableFileError as e:
        raise SendError(f"cannot read the members list {path}: it {e.reason}") from e
    except OSError as e:
        raise SendError(f"cannot read the members list {path}: {e.strerror}") from e


def members_text(data: bytes, shown: str) -> str:
    """Return the text of a members list's bytes (UTF-8, with or without a BOM)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SendError(
            f"{shown}:{line}: not UTF-8 text; save the spreadsheet as 'CSV UTF-8'"
        ) from e


def with_statuses(data: bytes, statuses: Mapping[int, str]) -> bytes:
    """Return the members list `data` with the statuses of `statuses` (by `Member.line`) set.

    Every other byte is kept: the other columns, the row order, the quoting and line
    ends of the rows not changed, and the byte order mark of a spreadsheet's export.
    """
    lines = io.StringIO(members_text(data, "members.csv"), newline="").readlines()
    reader = csv.reader(lines, strict=True)
    header = next((row for row in reader if any(cell.strip() for cell in row)), [])
    names = [cell.strip().lstrip("\ufeff").casefold() for cell in header]
    status = names.index("status")
    out, start = lines[: reader.line_num], reader.line_num
    for row in reader:
        line = start + 1  # where the record starts, as Member.line counts
        record, start = "".join(lines[start : reader.line_num]), reader.line_num
        if line in statuses:
            row += [""] * (status + 1 - len(row))
            row[status] = statuses[line]
            buffer = io.StringIO()
            ending = record[len(record.rstrip("\r\n")) :]
            csv.writer(buffer, lineterminator=ending).writerow(row)
            record = buffer.getvalue()
        out.append(record)
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    return bom + "".join(out).encode()


def parse_members(
    text: str, shown: str = "members.csv", refused: str = "nothing was sent"
) -> list[Member]:
    """Return the members in CSV `text`; `shown` names the file, `refused` what did not happen."""
    problems: list[str] = []
    members: list[Member] = []
    first_line: dict[str, int] = {}
    rows = _rows(text, shown)
    header_line, header = next(rows, (1, []))
    columns = _columns(header, f"{shown}:{header_line}", problems)
    if columns is None:
        raise _listing(shown, problems, refused)
    for line, row in rows:
        address, member = _member(row, columns, f"{shown}:{line}", line, problems)
        key = address.casefold()
        if key in first_line:
            problems.append(
                f"{shown}:{line}: email: {address} is listed twice"
                f" (first on line {first_line[key]})"
            )
        elif address:
            first_line[key] = line
        if member is not None:
            members.append(member)
    if problems:
        raise _listing(shown, problems, refused)
    return members


def _rows(text: str, shown: str) -> Iterator[tuple[int, list[str]]]:
    """Yield each non-blank record with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as e:
        raise SendError(f"{shown}:{start}: not valid CSV: {e}") from e


def _columns(header: list[str], where: str, problems: list[str]) -> dict[str, int] | None:
    """Return each known column's index, or None with the header's problems added."""
    names = [cell.strip().lstrip("\ufeff").casefold() for cell in header]
    if not names:
        problems.append(f"{where}: the file is empty; the first line must name the columns")
        return None
    missing = [c for c in COLUMNS if c not in names]
    repeated = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if missing:
        problems.append(
            f"{where}: the header has no {', '.join(missing)} column"
            f" (found: {', '.join(repr(cell) for cell in header)}; needs {', '.join(COLUMNS)})"
        )
    if repeated:
        problems.append(f"{where}: the header names {', '.join(repeated)} more than once")
    if missing or repeated:
        return None
    return {c: names.index(c) for c in COLUMNS} | {"": len(names)}


def _member(
    row: list[str], columns: dict[str, int], where: str, line: int, problems: list[str]
) -> tuple[str, Member | None]:
    """Return the row's checked address ("" if invalid) and its member (None if it has problems)."""
    if len(row) > columns[""] and any(cell.strip() for cell in row[columns[""] :]):
        problems.append(f"{where}: {len(row)} fields, but the header names {columns['']} columns")
        return "", None
    values = {c: row[i].strip() if i < len(row) else "" for c, i in columns.items() if c}
    found = len(problems)
    address = _address(values["email"], where, problems)
    if _CONTROL.search(values["name"]) or len(values["name"].splitlines()) > 1:
        problems.append(f"{where}: name: contains a line break or control character")
    elif len(values["name"]) > MAX_NAME:  # its To: line would pass SMTP's 998 characters
        long = f"is {len(values['name']):,} characters long; a name has at most {MAX_NAME}"
        problems.append(f"{where}: name: {long}")
    elif _ENCODED_WORD.search(values["name"]):  # a mail client would decode it: to anything
        problems.append(
            f"{where}: name: is an encoded word (=?...?=); write the name as plain text"
        )
    fmt, status = values["format"].casefold(), values["status"].casefold()
    if fmt not in FORMATS:
        problems.append(f"{where}: format: {_quoted(values['format'])} is not one of email, pdf")
    if status not in STATUSES:
        shown = _quoted(values["status"])
        problems.append(f"{where}: status: {shown} is not one of {', '.join(STATUSES)}")
    if len(problems) > found:
        return address, None
    return address, Member(address, values["name"], fmt, status == "active", line, status)


def _address(value: str, where: str, problems: list[str]) -> str:
    """Return the address as the server should get it ("" with a problem added if invalid)."""
    if not value:
        problems.append(f"{where}: email: missing")
        return ""
    try:
        return email_address(value)
    except ValueError as e:
        problems.append(f"{where}: email: {e}")
        return ""


def _listing(shown: str, problems: list[str], refused: str) -> SendError:
    """Return the error listing every problem found in the members list `shown`."""
    count = len(problems)
    plural = "s" if count != 1 else ""
    return SendError("\n".join([*problems, f"{count} problem{plural} in {shown}; {refused}."]))


def _quoted(value: str) -> str:
    return repr(value) if value else "an empty value"


def check_address(value: str) -> str:
    """Return one address as the server should get it, or raise SendError."""
    problems: list[str] = []
    address = _address(value.strip(), "address", problems)
    if problems:
        raise SendError(problems[0])
    return address


def skipped_counts(members: list[Member]) -> dict[str, int]:
    """Return how many members each status other than `active` holds back, in STATUSES' order."""
    return {status: sum(m.status == status for m in members) for status in STATUSES[1:]}
