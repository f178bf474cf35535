"""An issue's date at the precision it was published with: a day, a month, or months.

Old Updates were dated "June / July 2009" or "March 2002", not by day. issue.yaml
writes these as ISO 8601 does, `2009-06/2009-07` and `2002-03`; a day is a YAML
date, `2007-01-31`. Outputs show the date as written and order by its first day.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
MONTH = re.compile(r"(\d{4})-(\d{2})")
SPAN = re.compile(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})")
LONGEST_SPAN = 12  # months: an Update covers a season at most, never a run of years


@dataclass(frozen=True, order=True)
class Dateline:
    """A publication date: `first` is its first day; `months` is 0 for a day, else how many."""

    first: datetime.date
    months: int = 0

    @property
    def last_month(self) -> tuple[int, int]:
        """Return (year, month) of the span's last month (the first's for a day or a month)."""
        index = self.first.year * 12 + self.first.month - 1 + max(self.months - 1, 0)
        return index // 12, index % 12 + 1

    @property
    def iso(self) -> str:
        """Return the date as issue.yaml writes it: 2007-01-31, 2002-03 or 2009-06/2009-07."""
        if self.months == 0:
            return self.first.isoformat()
        start = f"{self.first.year:04d}-{self.first.month:02d}"
        if self.months == 1:
            return start
        year, month = self.last_month
        return f"{start}/{year:04d}-{month:02d}"

    @property
    def machine(self) -> str:
        """Return the value for HTML's `<time datetime>`: the day, or the first month."""
        return self.iso if self.months == 0 else self.iso[:7]

    @property
    def text(self) -> str:
        """Return the date as printed: "31 January 2007", "March 2002", "June/July 2009"."""
        first = self.first
        if self.months == 0:
            return long_date(first)
        if self.months == 1:
            return f"{MONTHS[first.month - 1]} {first.year}"
        year, month = self.last_month
        joint = "/" if self.months == 2 else "–"
        if year == first.year:
            return f"{MONTHS[first.month - 1]}{joint}{MONTHS[month - 1]} {year}"
        return f"{MONTHS[first.month - 1]} {first.year}{joint}{MONTHS[month - 1]} {year}"


def long_date(date: datetime.date) -> str:
    """Return e.g. "31 January 2007", whatever the machine's locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def month_span(year: int, month: int, last_year: int, last_month: int) -> Dateline:
    """Return the months from `year`-`month` to `last_year`-`last_month`, or raise ValueError."""
    if not (1 <= month <= 12 and 1 <= last_month <= 12 and 1 <= year <= 9999):
        raise ValueError("no such month")
    months = (last_year * 12 + last_month) - (year * 12 + month) + 1
    if not 1 <= months <= LONGEST_SPAN:
        raise ValueError(f"a span of months runs forward, {LONGEST_SPAN} months at most")
    return Dateline(datetime.date(year, month, 1), months)


def parse_dateline(value: object) -> Dateline:
    """Return the Dateline that issue.yaml's `date:` gives, or raise ValueError saying why."""
    if isinstance(value, Dateline):
        return value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return Dateline(value)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            if len(value.strip()) == 10:
                return Dateline(datetime.date.fromisoformat(value.strip()))
        try:
            if match := MONTH.fullmatch(value.strip()):
                year, month = int(match[1]), int(match[2])
                return month_span(year, month, year, month)
            if match := SPAN.fullmatch(value.strip()):
                year, month, last_year, last_month = map(int, match.groups())
                span = month_span(year, month, last_year, last_month)
                if span.months > 1:
                    return span
        except ValueError as e:
            raise ValueError(f'not a date ("{value}"): {e}') from None
    if isinstance(value, str) and _day_parts(value.strip()):
        raise ValueError(refusal(value))
    raise ValueError(f"{refusal(value)} (a month: 2002-03; two months: 2009-06/2009-07)")


_NUMERIC = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def refusal(value: object) -> str:
    """Return, in words, why `value` is not a day and how to write it (YYYY-MM-DD)."""
    text = str(value).strip()
    parts = _day_parts(text)
    if parts is None:
        return f'not a date ("{text}"); write the date as YYYY-MM-DD, e.g. 2007-03-31'
    year, month, day = parts
    if not 1 <= month <= 12:
        return f'not a date ("{text}"): there is no month {month}; write the date as YYYY-MM-DD'
    try:
        return f'not a date ("{text}"); write the date as {datetime.date(year, month, day)}'
    except ValueError:
        return f'not a date ("{text}"): {day} {MONTHS[month - 1]} {year} does not exist'


def _day_parts(text: str) -> tuple[int, int, int] | None:
    """Return (year, month, day) that `text` seems to write, in any common way, or None."""
    if numeric := _NUMERIC.fullmatch(text):
        first, second, third = (int(part) for part in numeric.groups())
        if len(numeric[1]) == 4:
            return first, second, third
        if len(numeric[3]) != 4:
            return None  # a two-digit year: which century is a guess
        # Day first, as in Britain and Peru; month first only when it cannot be a month.
        return (third, first, second) if second > 12 >= first else (third, second, first)
    words = _DAY_MONTH.fullmatch(text)
    day, name, year = (words[1], words[2], words[3]) if words else ("", "", "")
    if not words and (words := _MONTH_DAY.fullmatch(text)):
        name, day, year = words.groups()
    month = next((i for i, m in enumerate(MONTHS, 1) if m.lower().startswith(name.lower())), 0)
    return (int(year), month, int(day)) if words and month else None
