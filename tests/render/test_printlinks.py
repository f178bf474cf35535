"""Links on paper: the address after the text, or as a note when it is long."""

from __future__ import annotations

from psgnews.render.printlinks import for_print


def test_a_short_address_is_printed_after_its_link() -> None:
    html = for_print('<p>See <a href="https://www.example.org/roads/">their summary</a>.</p>')
    assert 'class="print-address"' in html
    assert 'data-address="www.example.org/roads"' in html


def test_a_long_address_is_printed_as_a_note_after_its_link() -> None:
    href = "https://www.example.org/reports/2007/the-long-road-to-reparations.pdf"
    html = for_print(f'<p>Read <a href="{href}">the report</a> today.</p>')
    assert "print-address" not in html
    assert html == (
        f'<p>Read <a href="{href}">the report</a><span class="footnote link-note">'
        '<span class="address">www.example.org/reports/2007/the-long-road-to-reparations.pdf'
        "</span></span> today.</p>"
    )


def test_a_link_whose_text_is_its_address_is_left_alone() -> None:
    html = '<p>At <a href="https://www.example.org/a/very/long/address/indeed/x">https://www.example.org/a/very/long/address/indeed/x</a></p>'
    assert for_print(html) == html
