"""Page furniture is recognised by whole, short lines; news that mentions the same words stays."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psgnews.legacy import furniture
from psgnews.legacy.furniture import is_furniture


@pytest.mark.parametrize(
    "text",
    [
        "« Previous | Next »",
        "« Previous | 1 | 2 | 3 | Next »",
        "‹ Older posts · Newer posts ›",
        "Next »",
        "Page 2 of 40",
        "© 2011 Peru Support Group. All rights reserved.",
        "Copyright 2011 Peru Support Group",
        "All rights reserved.",
        "Registered charity no. 0000000",
        "Peru Support Group, 52 Anywhere Street, London N1 9XX",
        "52 Anywhere Street, London N1 9XX, UK",
    ],
)
def test_site_lines_are_furniture(text: str) -> None:
    assert is_furniture(text)


@pytest.mark.parametrize(
    "text",
    [
        "Next steps for the mining law",
        "Copyright law change",
        "Court absolves protesters",
        "Update 119. 31 January 2007",
        "The ruling was published on page 2 of 40 pages of the official gazette, which also"
        " listed the registered charity number of each NGO and the copyright of the report.",
        "A charity in London said it would send help.",
    ],
)
def test_news_is_not_furniture(text: str) -> None:
    assert not is_furniture(text)


def _every_rule(text: str) -> bool:
    """Return what `is_furniture` says, each rule tried on the whole line, as first written."""
    text = text.strip()
    if not text or len(text) > furniture.LONGEST:
        return False
    f = furniture
    if f.PAGE_OF.fullmatch(text) or (f.PAGINATION.fullmatch(text) and f.NAV_NAME.search(text)):
        return True
    if f.COPYRIGHT.match(text) or "all rights reserved" in text.lower():
        return True
    return bool(f.CHARITY.search(text) or f.POSTCODE.search(text))


PIECES = [
    "Registered charity no. 1234567", "CHARİTY number 7654321", "charıty reg 123456",
    "London N1 9XX", "SW1A 1AA", "N1 9XX.", "N1 9XX..", "N1 9XX...", ", UK", ", U.K.",
    " United Kingdom", " England", ".", " ", "\n", "news", "Peru", "2011", "İ", "ı", "K",
]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_the_searches_skipped_are_those_that_cannot_match(text: str) -> None:
    assert is_furniture(text) == _every_rule(text)
