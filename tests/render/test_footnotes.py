"""Markdown footnotes moved to their calls for print."""

from __future__ import annotations

from psgnews.content import markup
from psgnews.render import footnotes


def test_each_note_moves_to_its_call_and_the_list_goes() -> None:
    html = markup.to_html("One[^a] two[^b].\n\n[^a]: First *note*.\n[^b]: Second.\n", "art")
    printed = str(footnotes.for_print(html))
    assert printed == (
        '<p>One<span class="footnote">First <em>note</em>.</span>'
        ' two<span class="footnote">Second.</span>.</p>'
    )


def test_a_note_called_twice_is_printed_once() -> None:
    html = markup.to_html("A[^n] and again[^n].\n\n[^n]: The note.\n", "art")
    printed = str(footnotes.for_print(html))
    assert printed.count("The note.") == 1
    assert '<sup class="footnote-again">1</sup>' in printed


def test_a_note_of_two_paragraphs_keeps_both() -> None:
    html = markup.to_html("A[^n].\n\n[^n]: First.\n\n    Second.\n", "art")
    assert '<span class="footnote">First.<br>Second.</span>' in str(footnotes.for_print(html))


def test_html_without_notes_is_unchanged() -> None:
    assert footnotes.for_print("<p>Plain.</p>") == "<p>Plain.</p>"
