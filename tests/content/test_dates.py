"""An issue dated by a month or two months is shown as written and ordered by its first day."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from psgnews.content.dates import Dateline, parse_dateline, refusal
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


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2007-02-31", 'not a date ("2007-02-31"): 31 February 2007 does not exist'),
        ("31/03/2007", 'not a date ("31/03/2007"); write the date as 2007-03-31'),
        ("03/31/2007", 'not a date ("03/31/2007"); write the date as 2007-03-31'),
        ("31 March 2007", 'not a date ("31 March 2007"); write the date as 2007-03-31'),
        ("March 31st, 2007", 'not a date ("March 31st, 2007"); write the date as 2007-03-31'),
        ("2007-13-01", 'not a date ("2007-13-01"): there is no month 13; write the date as'),
        ("31.3.07", 'not a date ("31.3.07"); write the date as YYYY-MM-DD, e.g. 2007-03-31'),
    ],
)
def test_a_day_is_refused_in_words(written: str, message: str) -> None:
    assert refusal(written).startswith(message)


def test_an_issue_dated_a_day_that_does_not_exist_is_told_so(project: Path, run: Run) -> None:
    issue = project / "issues" / "119" / "issue.yaml"
    issue.write_text(issue.read_text().replace("2007-01-31", "2007-02-30"))
    result = run("--root", project, "check", "119")
    assert result.exit_code == 1
    assert (
        'issues/119/issue.yaml:2:7: date: not a date ("2007-02-30"): 30 February 2007 does not exist'
        in result.output
    )


def test_an_article_dated_a_day_that_does_not_exist_is_told_so(project: Path, run: Run) -> None:
    article = project / "issues/119/69-congresspersons-vote-to-support-trc.yaml"
    article.write_text(article.read_text() + "date: 2007-02-29\n")
    result = run("--root", project, "check", "119")
    assert result.exit_code == 1
    assert 'date: not a date ("2007-02-29"): 29 February 2007 does not exist' in result.output


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("31/03/2007", 'not a date ("31/03/2007"); write the date as 2007-03-31'),
        ("2007-02-31", 'not a date ("2007-02-31"): 31 February 2007 does not exist'),
    ],
)
def test_new_refuses_a_date_in_words(written: str, message: str, project: Path, run: Run) -> None:
    result = run("--root", project, "new", "120", "--date", written)
    assert result.exit_code == 2
    assert f"Invalid value for '--date': {message}" in result.output
    assert not (project / "issues" / "120").exists()
