"""Words as the index keeps them: folded, stemmed in their language, one stem per word."""

from __future__ import annotations

import sqlite3

import pytest

from psgnews.search.index import TOKENIZER
from psgnews.search.stems import fold, stemmed, variants


def test_case_and_accents_fold() -> None:
    assert fold("Perú, MINERÍA, Ñuñoa, Über") == "peru, mineria, nunoa, uber"


def test_each_language_has_its_own_stems() -> None:
    assert stemmed("comunidades comunidad protestan protestas", "es") == (
        "comun comun protest protest"
    )
    assert stemmed("communities community mining mines", "en") == ("communiti communiti mine mine")
    assert stemmed("minería mineria", "es") == "mineri mineri"  # folded before stemming


def test_a_word_searched_for_is_stemmed_both_ways() -> None:
    assert variants("Comunidades") == ["comunidad", "comun"]
    assert variants("mining") == ["mine", "mining"]
    assert variants("agua") == ["agua", "agu"]
    assert variants("Perú’s") == ["peru s"]  # one stem each way: said once


@pytest.mark.parametrize(
    "text",
    [
        "Perú’s “Curva del Diablo”: 12 comunidades_campesinas, 1.5 km²",
        "Señor Ñañez — l'Amazonie; e-mail x@y.org (2009/06/05) 3ª vez",
        "Ayacucho\u0301 ﬁnal ǅemal İstanbul ß",
    ],
)
def test_one_stem_for_each_word_sqlite_finds(text: str) -> None:
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '{TOKENIZER}')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.execute("INSERT INTO t VALUES (?)", (text,))
    words = [term for (term,) in db.execute("SELECT term FROM v ORDER BY offset")]
    assert len(stemmed(text, "es").split()) == len(words)
    assert len(stemmed(text, "en").split()) == len(words)
