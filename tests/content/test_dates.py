"""An issue dated by a month or two months is shown as written and ordered by its first day."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from psgnews.content.dates import Dateline, parse_dateline
from tests.conftest import Run


@pytest.mark.parametrize(
    ("written", "first", "shown"),
    [
        (datetime.date(2007, 1, 31), datetime.date(2007, 1, 31), "31 January 2007"),
        ("2002-03", datetime.date(2002, 3, 1), "March 2002"),
        ("2009-06/2009-07", datetime.date(2009, 6, 1), "June/July 2009"),
        ("2009-12/2010-01", datetime.date(2009, 12, 1), "December 2009/January 2010"),
        ("2009-06/2009-08", datetime.date(2009, 6, 1), "June–August 2009"),
    ],
)
def test_a_date_keeps_its_precision_and_writes_back_the_same(
    written: object, first: datetime.date, shown: str
) -> None:
    date = parse_dateline(written)
    assert (date.first, date.text) == (first, shown)
    assert parse_dateline(date.iso) == date


@pytest.mark.parametrize(
    "written", ["2009-13", "2009-07/2009-06", "2009-06/2009-06", "2009-01/2010-06", "June 2009", 7]
)
def test_a_date_that_is_not_a_day_month_or_span_is_refused_saying_how_to_write_it(
    written: object,
) -> None:
    with pytest.raises(ValueError, match=rf'^not a date \("{written}"\)'):
        parse_dateline(written)


def test_dates_order_by_their_first_day() -> None:
    dates = [parse_dateline("2009-06/2009-07"), Dateline(datetime.date(2009, 5, 31))]
    assert sorted(dates)[0].first == datetime.date(2009, 5, 31)


def test_an_issue_dated_by_two_months_shows_them_as_written_in_every_output(
    project: Path, run: Run
) -> None:
    issue = project / "issues" / "119" / "issue.yaml"
    issue.write_text(issue.read_text().replace("2007-01-31", "2006-12/2007-01"))
    result = run("--root", project, "build", "119", "--format", "email,text")
    assert result.exit_code == 0, result.output
    out = project / "build" / "119"
    email = (out / "psg-update-119.html").read_text()
    text = (out / "psg-update-119.txt").read_text()
    assert '<time datetime="2006-12">December 2006/January 2007</time>' in email
    assert "December 2006/January 2007" in text
    assert "31 January 2007" not in email + text
