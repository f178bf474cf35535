"""Words as the index keeps them: case and accents folded, then stemmed by Snowball's rules.

An entry's words are stemmed in its language (`lang`: English or Spanish), so
"comunidades" and "comunidad" are one word in a Spanish item, "mines" and
"mining" one in an English article. Accents are folded before stemming, at
index and query time alike, so "mineria" typed without its accent is stemmed as
"minería" is. A word searched for is looked for as each language stems it, since
the searcher does not say which language they mean.

The stemmed text has one stem for each word SQLite's `unicode61` tokenizer
finds in the text as written, in the same order: the index holds the stems,
and the excerpts mark the words of the text as written at the same positions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import Stemmer  # type: ignore[import-not-found]  # a C extension: no stubs

LANGUAGES = {"en": "english", "es": "spanish"}  # an entry's lang: Snowball's algorithm
# A word as unicode61 cuts one: letters and digits; marks are folded away first.
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Return `text` in lower case without its accents ("Perú": "peru")."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def stemmed(text: str, lang: str) -> str:
    """Return the stem of each word of `text` in language `lang`, in order, spaced."""
    words = _WORD.findall(fold(text))
    return " ".join(_stemmer(lang).stemWords(words))


def variants(word: str) -> list[str]:
    """Return what `word` (or a phrase) may be in the index: its stems in each language."""
    words = _WORD.findall(fold(word))
    found: list[str] = []
    for lang in LANGUAGES:
        stems = " ".join(_stemmer(lang).stemWords(words))
        if stems not in found:
            found.append(stems)
    return found


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    """Return the stemmer of `lang` (English for a language psgnews has none for)."""
    return Stemmer.Stemmer(LANGUAGES.get(lang, "english"))
