"""The words a user types, made into FTS5 queries that mean only what was typed."""

from __future__ import annotations

import datetime
import sqlite3

import pytest

from psgnews.search.index import SCHEMA
from psgnews.search.query import Filters, QueryError, bound, fts_query, run

S = "{title summary body}: "  # the stemmed columns; {words} holds them unstemmed


@pytest.mark.parametrize(
    ("words", "query"),
    [
        ("Conga", f'{S}("conga" OR "cong")'),  # English keeps it, Spanish takes the -a off
        ("Peru AND NOT Chile", f'{S}"peru" AND {S}"and" AND {S}"not" AND {S}("chile" OR "chil")'),
        ('the "human rights"', f'{S}"the" AND {S}("human right" OR "hum rights")'),
        ("“Ojo que Llora”", f'{S}("ojo que llora" OR "ojo que llor")'),
        ("Comunidades", f'{S}("comunidad" OR "comun")'),
        ("miner*", '{words}: "miner"*'),
        ("title:Conga ^x", f'{S}("titl conga" OR "titl cong") AND {S}"x"'),
        ("NEAR(a b)", f'{S}"near a" AND {S}"b"'),
    ],
)
def test_words_become_quoted_stems(words: str, query: str) -> None:
    assert fts_query(words) == query


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ('"human rights', "never closed"),
        ('human "rights" "', "never closed"),
        ("*", "at the end of a word"),
        ("mi*ner", "at the end of a word"),
        ("*miner", "at the end of a word"),
        ('"miner* protest"', "not in a phrase"),
        ("- ,", "at the end of a word"),
        ("__", "at the end of a word"),
        ('""', "nothing to search for"),
    ],
)
def test_stray_quotes_and_stars_are_refused_with_a_message(words: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        fts_query(words)


@pytest.mark.parametrize(
    "words",
    ["AND", 'OR "', "NEAR(", "title:x", "a:b:c", "^", "x -y", "(", ")", "'", "a + b", "NOT NOT"],
)
def test_no_typed_query_is_an_sqlite_error(words: str) -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    try:
        query = fts_query(words)
    except QueryError:
        return  # refused with a message: what the user meant is unclear
    assert run(db, query, Filters()) == []


def test_dates_are_a_year_a_month_or_a_day() -> None:
    assert bound("2009", last=False) == datetime.date(2009, 1, 1)
    assert bound("2009", last=True) == datetime.date(2009, 12, 31)
    assert bound("2008-02", last=True) == datetime.date(2008, 2, 29)
    assert bound("2008-12", last=True) == datetime.date(2008, 12, 31)
    assert bound("2008-12-05", last=True) == datetime.date(2008, 12, 5)
    with pytest.raises(QueryError, match="not a date"):
        bound("June 2009", last=False)
