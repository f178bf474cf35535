"""The words a user types, made into FTS5 queries that mean only what was typed."""

from __future__ import annotations

import datetime
import sqlite3

import pytest

from psgnews.search.index import TOKENIZER
from psgnews.search.query import QueryError, bound, fts_query


@pytest.mark.parametrize(
    ("words", "query"),
    [
        ("Conga", '"Conga"'),
        ("Peru AND NOT Chile", '"Peru" "AND" "NOT" "Chile"'),
        ('the "human rights" report', '"the" "human rights" "report"'),
        ("“Ojo que Llora” monument", '"Ojo que Llora" "monument"'),
        ("miner*", '"miner"*'),
        ("title:Conga NEAR(a b) ^x", '"title:Conga" "NEAR(a" "b)" "^x"'),
    ],
)
def test_words_become_quoted_strings(words: str, query: str) -> None:
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
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(title, tokenize = '{TOKENIZER}')")
    db.execute("INSERT INTO t VALUES ('and or near title x a b c not')")
    try:
        query = fts_query(words)
    except QueryError:
        return  # refused with a message: what the user meant is unclear
    db.execute("SELECT * FROM t WHERE t MATCH ?", (query,)).fetchall()


def test_dates_are_a_year_a_month_or_a_day() -> None:
    assert bound("2009", last=False) == datetime.date(2009, 1, 1)
    assert bound("2009", last=True) == datetime.date(2009, 12, 31)
    assert bound("2008-02", last=True) == datetime.date(2008, 2, 29)
    assert bound("2008-12", last=True) == datetime.date(2008, 12, 31)
    assert bound("2008-12-05", last=True) == datetime.date(2008, 12, 5)
    with pytest.raises(QueryError, match="not a date"):
        bound("June 2009", last=False)
