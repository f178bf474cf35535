"""Datelines: a day, a month, a span of months; the newsletter's number or another series'."""

from __future__ import annotations

import datetime

import pytest

from psgnews.content.dates import Dateline
from psgnews.legacy.datelines import (
    NOT_A_DATE,
    Dated,
    leading_date,
    looks_dated,
    read_bare_number,
    read_dateline,
    split_date_title,
)

JUNE = datetime.date(2009, 6, 1)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("31 January 2007", "2007-01-31"),
        ("1st Sept. 2006", "2006-09-01"),
        ("March 2002", "2002-03"),
        ("June / July 2009", "2009-06/2009-07"),
        ("June/July 2009", "2009-06/2009-07"),
        ("June-July 2009", "2009-06/2009-07"),
        ("June – July 2009", "2009-06/2009-07"),
        ("Dec 2009 / Jan 2010", "2009-12/2010-01"),
        ("Feb.-Mar. 2010", "2010-02/2010-03"),
    ],
)
def test_days_months_and_spans_are_read_at_their_precision(text: str, iso: str) -> None:
    dated = read_dateline(text)
    assert isinstance(dated, Dated) and dated.number is None
    assert dated.date.iso == iso


def test_numbered_lines_are_the_newsletters_or_another_series() -> None:
    assert read_dateline("Update 134. June / July 2009") == Dated(Dateline(JUNE, 2), 134)
    assert read_dateline("update 12, 1st Feb. 2001") == Dated(
        Dateline(datetime.date(2001, 2, 1)), 12
    )
    assert read_dateline("Peru News 065. 31 May 2011") == Dated(
        Dateline(datetime.date(2011, 5, 31)), 65, "Peru News"
    )
    assert read_dateline("Bulletin 3. 31 May 2011", newsletter="Bulletin") == Dated(
        Dateline(datetime.date(2011, 5, 31)), 3
    )


@pytest.mark.parametrize(
    "text",
    [
        "Update 118. 30 Novembre 2006",
        "31 Febuary 2001",
        "Update 12 people died",
        "July 2009 / August 2010",  # a span runs a year at most
    ],
)
def test_a_dateline_that_cannot_be_read_says_why(text: str) -> None:
    assert read_dateline(text) == NOT_A_DATE
    assert looks_dated(text)


@pytest.mark.parametrize("text", ["July 2009 / June 2009", "UPDATE 133. July / June 2009"])
def test_months_in_reverse_order_are_named_as_the_fault(text: str) -> None:
    assert read_dateline(text) == "the months are in reverse order (July comes after June)"


def test_a_bare_number_and_a_leading_date_are_read() -> None:
    assert read_bare_number("102. 29 February 2004") == Dated(
        Dateline(datetime.date(2004, 2, 29)), 102
    )
    assert read_bare_number("Lima 65. Protest") is None
    assert leading_date("4 March 2013, London") == datetime.date(2013, 3, 4)
    assert leading_date("London, 4 March 2013") is None


@pytest.mark.parametrize(
    "text",
    ["Court absolves protesters", "Congress 2001", "Lima 65. Protest"],
)
def test_other_lines_are_no_dateline(text: str) -> None:
    assert read_dateline(text) is None


def test_a_day_and_a_title_on_one_line_are_split_without_the_stop() -> None:
    day = Dateline(datetime.date(2016, 9, 24))
    for joint in (". ", ": ", " – ", ", ", " "):
        assert split_date_title(f"24 September 2016{joint}Court absolves protesters") == (
            day,
            "Court absolves protesters",
        )
    assert split_date_title("24 Septiembre 2016. Court") is None
