"""The repair table: every kind of damage is undone, and healthy Spanish is left alone."""

from __future__ import annotations

import re
import time

import ftfy
import pytest
from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from psgnews.legacy.repair import (
    _BAD_WIDTH,
    MAC_ROMAN_TABLE,
    Repair,
    _looks_bad,
    _unless_spanish,
    changes,
    is_english,
    repair,
    repair_all,
)

DAMAGED = [
    # Windows-1252 punctuation read as Mac Roman
    ("Protests at Peruís biggest goldmine", "Protests at Peru’s biggest goldmine"),
    ("the governmentís plan and the countryís", "the government’s plan and the country’s"),
    ("It isnít over; weíve seen theyíre right", "It isn’t over; we’ve seen they’re right"),
    ("the workersí rights at the mine", "the workers’ rights at the mine"),
    ("it would ëhonour terrorists.í", "it would ‘honour terrorists.’"),
    ("the daily ëEl Comercioí said", "the daily ‘El Comercio’ said"),
    ("the slogan ëasí noí was heard", "the slogan ‘así no’ was heard"),
    ("the ìEye that Criesî monument", "the “Eye that Cries” monument"),
    ("Ambassador to Peru 2003ñ06, in Lima", "Ambassador to Peru 2003–06, in Lima"),
    ("Lima ñ Cusco by the road", "Lima – Cusco by the road"),
    ("the mining ó and the protests at it", "the mining — and the protests at it"),
    ("and so on at the mineÖ", "and so on at the mine…"),
    # UTF-8 read as Windows-1252 (ftfy)
    ("the people of PerÃº and the mine", "the people of Perú and the mine"),
    ("the countryâ€™s mines", "the country’s mines"),
    ("veinte aÃ±os de violencia", "veinte años de violencia"),
    ("Dr Mirtha VÃ¡squez ChuquilÃ­n of GRUFIDES", "Dr Mirtha Vásquez Chuquilín of GRUFIDES"),
]  # fmt: skip

HEALTHY = [
    "Perú",
    "país",
    "Chuquilín",
    "Vásquez",
    "años",
    "Dr Mirtha Vásquez Chuquilín of the NGO GRUFIDES has been followed at home",
    "the mines of Potosí and the people of Perú are in the news",
    "País and París are the words; so is anís",  # English text, Spanish words ending in "ís"
    "Luís Castañeda, the mayor of Lima, was at the meeting",
    "the church of San Francisco de Asís in Lima was closed",
    "el país de los Andes y sus años de violencia",
    "Vosotros decís que no, pero los excluís del país",  # Spanish verbs ending in "ís"
    "la canción del año en el país",
    "entre 2 ó 3 veces por año",  # old Spanish "ó" between numbers
    "Peru's former intelligence chief",
    "así es, sí",
    "el maní y el ají de la región",
    "Noël and Zoë were in Lima",
    "‘Hello’, said Luís, and so it was, así",
    "he said ‘sí",  # an opening quote that was never damaged closes nothing
    "ñandú",
]


@pytest.mark.parametrize(("damaged", "healthy"), DAMAGED)
def test_damage_is_repaired_and_reported(damaged: str, healthy: str) -> None:
    fixed, changes = repair(damaged)
    assert fixed == healthy
    assert changes
    assert all(c.before in damaged and c.after in healthy for c in changes)


@pytest.mark.parametrize("text", HEALTHY)
def test_healthy_text_is_left_alone(text: str) -> None:
    assert repair(text) == (text, [])


def test_a_repair_reports_only_the_changed_words() -> None:
    assert repair("Protests at Peruís biggest goldmine")[1] == [Repair("Peruís", "Peru’s")]


def test_context_decides_the_language_of_a_short_title() -> None:
    assert repair("Peruís goldmine")[0] == "Peruís goldmine"  # no English word to go by
    context = "Peruís goldmine. The protest at the mine was the largest this year."
    assert repair("Peruís goldmine", context)[0] == "Peru’s goldmine"


def test_spanish_context_keeps_spanish_words_ending_in_is() -> None:
    text = "Decís que el país y los que huís no tienen la culpa"
    assert repair(text) == (text, [])


def test_language_guess() -> None:
    assert is_english("The protest at the mine was the largest of the year")
    assert not is_english("La protesta en la mina fue la más grande del año")
    assert not is_english("Perú")


def test_changes_are_found_in_linear_time() -> None:
    before = " ".join("PerÃº" if i % 7 == 0 else f"word{i % 50}" for i in range(60000))
    start = time.perf_counter()
    fixed, found = repair(before)
    assert time.perf_counter() - start < 10  # difflib took minutes on this
    assert len(found) == 8572 and set(found) == {Repair("PerÃº", "Perú")}
    assert fixed == before.replace("PerÃº", "Perú")


def test_changes_that_join_or_split_words_are_each_reported() -> None:
    assert changes("a b c d e", "a bc d e") == [Repair("b c", "bc")]
    assert changes("a b c d e", "a b x y c d e") == [Repair("", "x y")]
    assert changes("a b c", "a b") == [Repair("c", "")]
    assert changes("x a b", "a b") == [Repair("x", "")]
    assert changes("a b c d e f", "a B c d E f") == [Repair("b", "B"), Repair("e", "E")]


# The table's patterns as first written, each tried at every position of a text.
FIRST_PATTERNS = [
    r"(?<=[^\W\d_])í(?=(?:s|t|re|ve|ll|d|m)\b)",
    r"(?<=[^\W\d_]{3}s)í(?![^\W\d_])",
    r"(?<!\w)ë(?=[\w\"“])(?P<inner>[^ë‘’.!?]{0,200}[^\W\d_])(?P<bad>í)(?!\w)",
    r"(?<!\w)ë(?=[\w\"“])",
    r"(?<=[.,;:!?])í(?!\w)",
    r"(?<!\w)ì(?=\S)",
    r"(?<=\S)î(?!\w)",
    r"(?<=\d)ñ(?=\d)|(?<= )ñ(?= )",
    r"(?<=[^\W\d_] )ó(?= [^\W\d_])",
    r"(?<=\S)Ö(?!\w)",
]


def every_row(text: str, english: bool) -> str:
    """Return `text` repaired as first written: through ftfy and every row of its language."""
    fixed = ftfy.fix_encoding(text)
    for rule, pattern in zip(MAC_ROMAN_TABLE, FIRST_PATTERNS, strict=True):
        if english or not rule.english_only:
            fixed = re.sub(pattern, _unless_spanish(rule.replacement), fixed)
    return fixed


MOJIBAKE_EDGES = ["aÃ", "Ã", "Â", "€", "Ã¢"]  # bad only beside the next text
WORDS = [w for pair in DAMAGED for w in pair[0].split()] + [w for t in HEALTHY for w in t.split()]
WORDS += MOJIBAKE_EDGES
PIECES = st.one_of(
    st.sampled_from(WORDS), st.text(alphabet='aesnt 0.,?’“"íëìîñóÖÃÂ¢ºâ€™Ø©', max_size=6)
)
TEXTS = st.lists(st.lists(PIECES, max_size=12).map(" ".join), min_size=1, max_size=4)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_the_fast_paths_repair_as_every_row_did(texts: list[str]) -> None:
    whole = " ".join(texts)
    english = is_english(ftfy.fix_encoding(whole))
    expected = [every_row(text, english) for text in texts]
    found = [c for text, fixed in zip(texts, expected, strict=True) for c in changes(text, fixed)]
    assert repair_all(texts) == (expected, found)
    assert [repair(text, whole)[0] for text in texts] == expected
    assert [repair(text, english)[0] for text in texts] == expected


def test_every_row_starts_with_the_character_it_repairs() -> None:
    for rule in MAC_ROMAN_TABLE:
        assert rule.pattern.pattern.startswith(rule.damaged)


def test_the_whole_item_decides_the_language_of_each_of_its_texts() -> None:
    title = "Peruís goldmine"
    assert repair_all([title]) == ([title], [])  # no English word to go by
    texts, found = repair_all([title, "The protest at the mine was the largest this year."])
    assert texts[0] == "Peru’s goldmine" and found == [Repair("Peruís", "Peru’s")]


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_mojibake_is_looked_for_as_ftfy_looks_for_it(texts: list[str]) -> None:
    for text in [*texts, " ".join(texts)]:
        assert _looks_bad(text) == is_bad(text)


@pytest.mark.parametrize(
    "text", ["mina aÃ b", "PerÃº", "Ã¡", "the countryâ€™s", "x" * 30 + "Ã©" + "y" * 30, "Â "]
)
def test_mojibake_is_found_wherever_it_stands(text: str) -> None:
    assert _looks_bad(text) and is_bad(text)


def test_ftfy_looks_for_mojibake_as_the_shortcut_assumes() -> None:
    """Every match of ftfy's pattern is short, holds a non-ASCII character, and looks nowhere else."""
    parsed = re._parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)  # type: ignore[attr-defined]
    assert parsed.getwidth()[1] <= _BAD_WIDTH
    assert not BADNESS_RE.flags & re.MULTILINE
    [(branch, (_, alternatives))] = list(parsed)
    assert str(branch) == "BRANCH"
    for alternative in alternatives:
        ops = {str(op) + (f" {value}" if str(op) == "AT" else "") for op, value in alternative}
        assert ops <= {"IN", "MAX_REPEAT", "ANY", "LITERAL", "AT AT_BEGINNING"}, alternative
        assert any(_non_ascii_only(op, value) for op, value in alternative), alternative


def _non_ascii_only(op: object, value: object) -> bool:
    """Return whether the pattern item `op value` matches one character, never an ASCII one."""
    if str(op) == "LITERAL":
        return isinstance(value, int) and value >= 128
    if str(op) != "IN" or not isinstance(value, list):
        return False
    return all(
        (str(kind) == "LITERAL" and char >= 128) or (str(kind) == "RANGE" and char[0] >= 128)
        for kind, char in value
    )
