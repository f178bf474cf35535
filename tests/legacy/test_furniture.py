"""Page furniture is recognised by whole, short lines; news that mentions the same words stays."""

from __future__ import annotations

import pytest

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
