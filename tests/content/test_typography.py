"""Typographic quotes, apostrophes and dashes in plain text (titles, summaries)."""

from __future__ import annotations

from psgnews.content.typography import smarten


def test_straight_quotes_and_apostrophes_become_curly() -> None:
    assert smarten("it would 'honour terrorists.'") == "it would ‘honour terrorists.’"
    assert smarten('the "communities\' right"') == "the “communities’ right”"
    assert smarten("Peru's 1990s") == "Peru’s 1990s"


def test_dashes_and_ellipses_are_set() -> None:
    assert smarten("Peru 2003-06 - and -- or --- so...") == "Peru 2003–06 – and – or — so…"


def test_dates_hyphens_and_addresses_are_left_alone() -> None:
    assert smarten("On 2007-01-31 a well-known group") == "On 2007-01-31 a well-known group"
    assert smarten("see https://example.org/don't--x") == "see https://example.org/don't--x"


def test_letters_in_brackets_stay_letters() -> None:
    assert smarten("points (a), (b) and (c)") == "points (a), (b) and (c)"


def test_text_without_quotes_is_unchanged() -> None:
    assert smarten("Cocaine Figures Up") == "Cocaine Figures Up"
    assert smarten("") == ""


def test_a_currency_keeps_its_unit_on_its_line() -> None:
    assert smarten("Budget (US$ m) and £ bn") == "Budget (US$\u00a0m) and £\u00a0bn"
    assert smarten("it costs $ more") == "it costs $ more"
