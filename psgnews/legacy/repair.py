"""Repair text damaged by old encodings, saying what was changed.

Two kinds of damage are found in the Group's old pages:

- UTF-8 read as Windows-1252 ("PerÃº" for "Perú"): ftfy undoes these, and only
  when the damaged sequence could not be real text.
- Windows-1252 punctuation read as Mac Roman ("Peruís" for "Peru’s"). ftfy leaves
  these alone, because each damaged character is also a real letter: byte 0x92
  is "’" in Windows-1252 but "í" in Mac Roman, 0x96 is "–" but "ñ". The table
  below repairs a character only where the letter cannot be meant: Spanish
  never writes ë, ì, î or Ö, never puts ñ between digits or on its own, and
  writes "í" before an English contraction ending only in the words of
  `SPANISH_WORDS`, which stay, as does every word of a text that reads as Spanish.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import ftfy
from ftfy.badness import BADNESS_RE

# Spanish words ending like an English contraction ("país" like "Peru's"): never repaired.
SPANISH_WORDS = frozenset({
    "país", "anís", "parís", "asís", "luís", "lluís", "anaís", "raís", "oís", "reís",
    "freís", "sonreís", "desleís", "engreís", "oíd", "reíd", "freíd", "sonreíd", "así",
    "sí", "potosí",
})  # fmt: skip
# Common short words of each language: a text is English when it has more English ones.
ENGLISH_MARKERS = frozenset({
    "the", "of", "and", "to", "in", "is", "was", "for", "on", "at", "by", "with", "that",
    "has", "have", "had", "been", "from", "as", "it", "its", "this", "are", "were", "be",
    "an", "or", "which", "his", "their", "not", "but", "will", "who", "after", "over",
    "into", "than",
})  # fmt: skip
SPANISH_MARKERS = frozenset({
    "el", "la", "los", "las", "de", "del", "y", "en", "que", "un", "una", "por", "para",
    "con", "se", "su", "sus", "al", "es", "lo", "como", "más", "pero", "este", "esta",
    "o", "ni", "le", "les", "nos", "muy",
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Rule:
    """One row of the Mac Roman table: what the damage looks like and what it was."""

    name: str
    damaged: str  # the character it repairs: a text without it is left as it is
    pattern: re.Pattern[str]
    replacement: str
    english_only: bool  # the damaged form is also a Spanish spelling: repair English only


# Each pattern starts with its damaged character, so that the search jumps from one to the
# next; what stands before it is a look-behind that takes it in: "í(?<=xí)", not "(?<=x)í",
# which is tried at every position of the text (20 times slower on a paragraph).
MAC_ROMAN_TABLE = (
    # "Peruís", "donít", "theyíre": an apostrophe before an English contraction ending.
    Rule("apostrophe", "í", re.compile(r"í(?<=[^\W\d_]í)(?=(?:s|t|re|ve|ll|d|m)\b)"), "’", True),
    # "workersí rights": the apostrophe of a plural possessive.
    Rule("apostrophe", "í", re.compile(r"í(?<=[^\W\d_]{3}sí)(?![^\W\d_])"), "’", True),
    # "ëEl Comercioí": single quotes; ë never starts a Spanish word, and the quote it opens
    # closes at the last word-final í of the sentence ("ëasí noí" is "‘así no’").
    Rule(
        "single quotes",
        "ë",
        re.compile(r"ë(?<!\wë)(?=[\w\"“])(?P<inner>[^ë‘’.!?]{0,200}[^\W\d_])(?P<bad>í)(?!\w)"),
        r"‘\g<inner>’",
        False,
    ),
    # "ëhonour terrorists.í": í never follows a stop in Spanish.
    Rule("opening quote", "ë", re.compile(r"ë(?<!\wë)(?=[\w\"“])"), "‘", False),
    Rule("closing quote", "í", re.compile(r"í(?<=[.,;:!?]í)(?!\w)"), "’", False),
    # "ìEye that Criesî": double quotes; neither letter is Spanish.
    Rule("opening quote", "ì", re.compile(r"ì(?<!\wì)(?=\S)"), "“", False),
    Rule("closing quote", "î", re.compile(r"î(?<=\Sî)(?!\w)"), "”", False),
    # "2003ñ06", "Lima ñ Cusco": an en dash; Spanish ñ always stands between letters.
    Rule("dash", "ñ", re.compile(r"ñ(?:(?<=\dñ)(?=\d)|(?<= ñ)(?= ))"), "–", False),
    # "mining ó and": an em dash on its own; "3 ó 4" is old Spanish for "3 or 4".
    Rule("dash", "ó", re.compile(r"ó(?<=[^\W\d_] ó)(?= [^\W\d_])"), "—", True),
    # "and so onÖ": an ellipsis.
    Rule("ellipsis", "Ö", re.compile(r"Ö(?<=\SÖ)(?!\w)"), "…", False),
)
_FTFY = ftfy.TextFixerConfig(explain=False)  # made once, not on every call
_BAD_WIDTH = 7  # the longest text ftfy's pattern of mojibake matches (tests check it)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class Repair:
    """One change made to a text: the words before and after."""

    before: str
    after: str


def repair(text: str, context: str | bool = "") -> tuple[str, list[Repair]]:
    """Return `text` repaired, and each change; `context` decides its language.

    `context` is the whole item's text, or whether it reads as English (`reads_english`).
    """
    if isinstance(context, bool):
        english = context
        fixed = _mac_roman(fix_encoding(text), lambda: english)
    else:
        fixed = _mac_roman(
            fix_encoding(text), functools.cache(lambda: reads_english(context or text))
        )
    return fixed, changes(text, fixed) if fixed != text else []


def repair_all(texts: list[str]) -> tuple[list[str], list[Repair]]:
    """Return the texts of one item repaired, and each change; their whole decides the language.

    The language is decided once, and only when a row for English text could apply:
    deciding it for each of an item's 16,000 list entries made an import quadratic.
    """
    english = functools.cache(lambda: reads_english(" ".join(texts)))
    repaired: list[str] = []
    found: list[Repair] = []
    for text in texts:
        if text.isascii():  # every damaged character, and all mojibake, is not ASCII
            repaired.append(text)
            continue
        repaired.append(_mac_roman(fix_encoding(text), english))
        if repaired[-1] != text:
            found.extend(changes(text, repaired[-1]))
    return repaired, found


def fix_encoding(text: str) -> str:
    """Return `text` as ftfy repairs it.

    ftfy returns as it is a text that is ASCII or that its pattern of mojibake does
    not match, so such a text is not passed to it; and the pattern is looked for only
    around non-ASCII characters (`_looks_bad`), which took most of a repair's time.
    """
    if text.isascii() or not _looks_bad(text):
        return text
    return ftfy.fix_encoding(text, _FTFY)


def _looks_bad(text: str) -> bool:
    """Return whether ftfy's pattern of mojibake matches `text`, as `ftfy.badness.is_bad` does.

    Every match of the pattern holds a non-ASCII character and is at most `_BAD_WIDTH`
    long, with no look-around: so it lies within that width of a non-ASCII character,
    and only the stretches around them are searched.
    """
    near = _BAD_WIDTH - 1
    stretches: list[list[int]] = []
    for match in _NON_ASCII.finditer(text):
        at = match.start()
        if stretches and at - near <= stretches[-1][1]:
            stretches[-1][1] = at + near + 1
        else:
            stretches.append([max(0, at - near), at + near + 1])
    return any(BADNESS_RE.search(text, start, end) for start, end in stretches)


def _mac_roman(text: str, english: Callable[[], bool]) -> str:
    """Return `text` with each row of the table for its language applied; `english()` decides it."""
    if not _DAMAGED.search(text):  # one search for any damaged character, not one per row
        return text
    for rule, replace in _REPLACERS:
        if rule.damaged in text and (not rule.english_only or english()):
            text = rule.pattern.sub(replace, text)
    return text


def reads_english(text: str) -> bool:
    """Return whether `text`, its mojibake undone, has more English words than Spanish ones."""
    return is_english(fix_encoding(text))


def is_english(text: str) -> bool:
    """Return whether `text` has more common English words than common Spanish ones."""
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in ENGLISH_MARKERS for w in words)
    spanish = sum(w in SPANISH_MARKERS for w in words)
    return english > spanish


def _unless_spanish(replacement: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        damaged = match.start("bad") if "bad" in match.re.groupindex else match.start()
        word = _word_at(match.string, damaged)
        return match[0] if word.lower() in SPANISH_WORDS else match.expand(replacement)

    return replace


_REPLACERS = [(rule, _unless_spanish(rule.replacement)) for rule in MAC_ROMAN_TABLE]
_DAMAGED = re.compile("[" + "".join(sorted({rule.damaged for rule in MAC_ROMAN_TABLE})) + "]")


def _word_at(text: str, index: int) -> str:
    """Return the whole word (letters and the damaged character) around `index`."""
    start, end = index, index + 1
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


def changes(before: str, after: str) -> list[Repair]:
    """Return the runs of words that differ between `before` and `after`, in linear time.

    A repair changes words where they stand and joins or splits a few at most, so after
    each difference the two texts agree again within a few words: scanning both with a
    bounded look-ahead finds the runs without difflib, which took minutes on a long text.
    """
    old, new = before.split(), after.split()
    found: list[Repair] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and old[i] == new[j]:
            i, j = i + 1, j + 1
            continue
        skip_old, skip_new = _resync(old, new, i, j)
        found.append(Repair(" ".join(old[i : i + skip_old]), " ".join(new[j : j + skip_new])))
        i, j = i + skip_old, j + skip_new
    return found


_LOOK_AHEAD = 8  # words: the most a repair of one spot joins, splits or adds
_AGREE = 2  # words that must agree again after a difference for it to end there


def _resync(old: list[str], new: list[str], i: int, j: int) -> tuple[int, int]:
    """Return how many words of `old` and `new` from `i` and `j` differ before they agree."""
    for total in range(1, 2 * _LOOK_AHEAD + 1):
        for skip_old in range(max(0, total - _LOOK_AHEAD), min(total, _LOOK_AHEAD) + 1):
            skip_new = total - skip_old
            if _agree(old, new, i + skip_old, j + skip_new):
                return skip_old, skip_new
    return min(1, len(old) - i), min(1, len(new) - j)  # no agreement near: one word each


def _agree(old: list[str], new: list[str], i: int, j: int) -> bool:
    """Return whether `old` from `i` and `new` from `j` agree for a while (or both end)."""
    if i > len(old) or j > len(new):
        return False
    ahead = old[i : i + _AGREE]
    return ahead == new[j : j + _AGREE] and (len(ahead) == _AGREE or i + len(ahead) == len(old))
