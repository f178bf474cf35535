"""Recognise page furniture: the lines of an old page that belong to the site, not the news.

Each rule matches a whole line (or HTML block) and only a short one, so that a
sentence of news that mentions a page, a copyright or an address is never dropped:

    « Previous | Next »               pagination: only navigation words, numbers, arrows, bars
    Page 2 of 40
    © 2011 Peru Support Group         a copyright line, or one saying "All rights reserved"
    Registered charity no. 1234567
    52 Anywhere St, London N1 9XX     a postal address: a short line ending in a UK postcode
"""

from __future__ import annotations

import re

LONGEST = 160  # characters: a footer line is short; a paragraph of news is not dropped
_NAV_WORD = (
    r"(?:previous|prev|next|older|newer|first|last|back|more|top|home|page|"
    r"entries|entradas|posts|news|stories|anterior|siguiente|\d{1,4}|[«»‹›<>←→|·•…/:.-]+)"
)
PAGINATION = re.compile(rf"{_NAV_WORD}(?:\s*{_NAV_WORD})*", re.IGNORECASE)
NAV_NAME = re.compile(r"previous|prev|next|older|newer|anterior|siguiente", re.IGNORECASE)
PAGE_OF = re.compile(r"(?:page|p\.|página)\s*\d{1,4}\s*(?:of|/|de)\s*\d{1,4}\.?", re.IGNORECASE)
COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}", re.IGNORECASE)
CHARITY = re.compile(
    r"(?:registered\s+charity|charity\s+(?:no\b|number|registration|reg\b))"
    r"\D{0,20}\d{6,8}\b",
    re.IGNORECASE,
)
POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\.?(?:,?\s*(?:UK|U\.K\.|United Kingdom|England))?\.?$"
)


def is_furniture(text: str) -> bool:
    """Return whether the line `text` is the site's furniture (navigation, footer), not news."""
    text = text.strip()
    if not text or len(text) > LONGEST:
        return False
    if PAGE_OF.fullmatch(text) or (PAGINATION.fullmatch(text) and NAV_NAME.search(text)):
        return True
    lower = text.lower()
    if COPYRIGHT.match(text) or "all rights reserved" in lower:
        return True
    # Each search scans the whole line (most lines are news): only where it may match.
    charity = "char" in lower and CHARITY.search(text)  # no other letter matches c, h, a, r
    return bool(charity or (_postcode_ending(text) and POSTCODE.search(text)))


def _postcode_ending(text: str) -> bool:
    """Return whether `text` ends as a match of POSTCODE must: a capital, "Kingdom" or "England".

    After at most two stops, as the pattern allows.
    """
    end = text.removesuffix(".").removesuffix(".")
    return end[-1:] in _POSTCODE_ENDS


_POSTCODE_ENDS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZmd")
