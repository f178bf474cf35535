"""Read the datelines of old listings: a day, a month or a span of months, perhaps numbered.

31 January 2007                     a day (also "1st Sept. 2006")
March 2002                          a month
June / July 2009                    two months (also June/July, June-July, Dec 2009 / Jan 2010)
Update 119. 31 January 2007         an issue of the newsletter, dated as above
Peru News 065. 31 May 2011          an item of another numbered series
24 September 2016. Court absolves   a day, then the item's title on the same line
102. 29 February 2004               a number with no series name: the Update's, when known

31 December 1969, the old site's empty date, dates nothing: an item so dated
takes the date its own text starts with ("4 March 2013, London"), or none.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from psgnews.content.dates import MONTHS as MONTH_NAMES
from psgnews.content.dates import Dateline
from psgnews.content.written import DATE, MONTH, MONTHS, SPAN, parse_date, read_date

__all__ = ["MONTHS", "Dated", "parse_date", "read_date", "read_dateline"]

# "Update 119. <date>", "Peru News 065, <date>": up to five words, a number, the date.
_WORD = r"[^\W\d_][^\W\d_’'&-]*"
NUMBERED = re.compile(
    rf"(?P<words>{_WORD}(?:\s+{_WORD}){{0,4}})\s+(?:No\.?\s*)?(?P<number>\d{{1,5}})"
    r"\s*[.,:;–—-]?\s*(?P<date>.*)"
)
DATE_TITLE = re.compile(
    r"(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4})\s*[.,:;–—-]?\s+(?P<title>.+)"
)
BARE_NUMBER = re.compile(r"(?P<number>\d{1,5})\s*[.,:;–—-]\s*(?P<date>.+)")
LEADING_DATE = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}(?!\d)")
STRAY = ".,:;–—- "  # marks a page may leave before a date or a title
NOT_A_DATE = "not a date 'D Month YYYY', 'Month YYYY' or 'June / July YYYY'"
EMPTY_DATE = datetime.date(1969, 12, 31)  # the old site's date of an item it had none for


@dataclass(frozen=True)
class Dated:
    """What a dateline says: its date, and the number and series it gives, if any."""

    date: Dateline
    number: int | None = None
    series: str | None = None  # None: the newsletter's own numbering, or no number
    written: str = field(default="", compare=False)  # the date as the page wrote it
    number_written: str = field(default="", compare=False)  # "065" as written


def _date_shaped(text: str) -> bool:
    """Return whether `text` is written like a date, whether or not it is one."""
    text = text.strip()
    if DATE.fullmatch(text):
        return True
    match = MONTH.fullmatch(text) or SPAN.fullmatch(text)
    return bool(match and match[1].lower() in MONTHS)


def read_dateline(text: str, newsletter: str = "Update") -> Dated | str | None:
    """Return what the dateline `text` says, why it cannot be read (a str), or None if none."""
    if (date := read_date(text)) is not None:
        return Dated(date, written=" ".join(text.split()))
    if _date_shaped(text):
        return _fault(text)
    match = NUMBERED.fullmatch(text.strip())
    if match is None:
        return None
    own = match["words"].casefold() == newsletter.casefold()
    date = read_date(match["date"])
    if date is None:
        return _fault(match["date"]) if own else None
    series = None if own else " ".join(match["words"].split())
    written = " ".join(match["date"].split())
    return Dated(date, int(match["number"]), series, written, match["number"])


def _fault(text: str) -> str:
    """Return why the date-shaped `text` is not a date, naming the fault when it is known."""
    match = SPAN.fullmatch(text.strip())
    first, last = (MONTHS.get(match[i].lower()) for i in (1, 3)) if match else (None, None)
    if match and first and last and first > last and (match[2] or match[4]) == match[4]:
        return (
            f"the months are in reverse order ({_month(match[1])} comes after {_month(match[3])})"
        )
    return NOT_A_DATE


def _month(name: str) -> str:
    return MONTH_NAMES[MONTHS[name.lower()] - 1]


def read_bare_number(text: str) -> Dated | None:
    """Return the number and date of "102. 29 February 2004" (no series name), else None."""
    match = BARE_NUMBER.fullmatch(text.strip())
    date = read_date(match["date"]) if match else None
    if match is None or date is None:
        return None
    return Dated(date, int(match["number"]), None, " ".join(match["date"].split()), match["number"])


def leading_date(text: str) -> datetime.date | None:
    """Return the day `text` starts with ("4 March 2013, London"), else None."""
    match = LEADING_DATE.match(text.strip())
    return parse_date(match[0]) if match else None


def looks_dated(text: str, newsletter: str = "Update") -> bool:
    """Return whether `text` is a dateline, or begins like the newsletter's own ("Update 12")."""
    if read_dateline(text, newsletter) is not None or read_bare_number(text) is not None:
        return True
    words = text.split(maxsplit=2)
    own = len(words) >= 2 and words[0].casefold() == newsletter.casefold()
    return own and words[1][:1].isdigit()


def split_date_title(text: str) -> tuple[Dateline, str] | None:
    """Return the day and the title of "24 September 2016. Court absolves ...", else None."""
    match = DATE_TITLE.fullmatch(text.strip())
    day = parse_date(match["date"]) if match else None
    if match is None or day is None:
        return None
    title = match["title"].lstrip(".,:;–—- ")
    return (Dateline(day), title) if title else None
