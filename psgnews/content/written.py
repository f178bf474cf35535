"""Read a date as a page or a person writes it: a day, a month, or a span of months.

31 January 2007     a day (also "1st Sept. 2006", "2 dec. 2006")
March 2002          a month
June / July 2009    two months (also June/July, June-July, Dec 2009 / Jan 2010)
"""

from __future__ import annotations

import datetime
import re

from psgnews.content.dates import Dateline, month_span

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
MONTH = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")
SPAN = re.compile(r"([A-Za-z]+)\.?(?:,?\s+(\d{4}))?\s*[/–—-]\s*([A-Za-z]+)\.?,?\s+(\d{4})")


def parse_date(text: str) -> datetime.date | None:
    """Return the date written as "31 January 2007" (or "31st Jan. 2007"), else None."""
    match = DATE.fullmatch(text.strip())
    month = MONTHS.get(match[2].lower()) if match else None
    if match is None or month is None:
        return None
    try:
        return datetime.date(int(match[3]), month, int(match[1]))
    except ValueError:
        return None


def read_date(text: str) -> Dateline | None:
    """Return the day, month or span of months `text` is, else None."""
    text = text.strip()
    day = parse_date(text)
    if day is not None:
        return Dateline(day)
    if match := MONTH.fullmatch(text):
        first = MONTHS.get(match[1].lower())
        return _span(int(match[2]), first, int(match[2]), first)
    if match := SPAN.fullmatch(text):
        first, last = MONTHS.get(match[1].lower()), MONTHS.get(match[3].lower())
        last_year = int(match[4])
        span = _span(int(match[2] or last_year), first, last_year, last)
        return span if span is None or span.months > 1 else None
    return None


def _span(year: int, first: int | None, last_year: int, last: int | None) -> Dateline | None:
    if first is None or last is None:
        return None
    try:
        return month_span(year, first, last_year, last)
    except ValueError:
        return None


def disagrees(written: str | None, date: Dateline) -> str | None:
    """Return why the date `written` as a page wrote it is not `date`, or None if it is."""
    if written is None or read_date(written) == date:
        return None
    return f"'{written}' is not the date {date.iso}; give the date as written, or leave it out"
