"""Names: what a file or layout name may be, the one rule that makes one from text, and hints.

`slugify` names the article files `psgnews new` and `psgnews import` write
(`article_name`), and the web archive's section and tag pages, whose addresses
are published: its rule must not change once an archive is online.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable

ARTICLE_NAME_LENGTH = 40  # long enough for a title's first words, short enough to read in a list


def is_name(value: str) -> bool:
    """Return whether `value` is a file or layout name: lower-case letters, digits, hyphens."""
    return re.fullmatch(r"[a-z0-9][a-z0-9-]*", value) is not None


def slugify(
    text: str,
    taken: Collection[str] = frozenset(),
    *,
    fallback: str = "article",
    limit: int | None = None,
) -> str:
    """Return `text` as lower-case ASCII words joined by hyphens, not one of `taken`.

    Accents and apostrophes are dropped (Perú's: perus), however they were typed,
    and every other run of characters becomes one hyphen. With `limit`, only the
    words that fit in that many characters are kept. A name already taken gets
    -2, -3, ...; text with no letter or digit becomes `fallback`.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'", "")  # typed straight, as the curly ones vanish above
    words: list[str] = re.findall(r"[a-z0-9]+", ascii_text.lower()) or [fallback]
    slug = words[0]
    for word in words[1:]:
        if limit is not None and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}"
    slug = slug[:limit]
    candidate, count = slug, 2
    while candidate in taken:
        candidate, count = f"{slug}-{count}", count + 1
    return candidate


def article_name(title: str, taken: Collection[str] = frozenset()) -> str:
    """Return the file name (without .yaml) for an article titled `title`, not one of `taken`."""
    return slugify(title, taken, limit=ARTICLE_NAME_LENGTH)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Return "did you mean 'x'?" for the known name closest to a misspelt `name`, or ""."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{close[0]}'?" if close else ""
