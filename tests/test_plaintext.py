from __future__ import annotations

from psgnews.markup import to_html
from psgnews.plaintext import WIDTH, html_to_text, underline


def text_of(markdown: str) -> str:
    return html_to_text(to_html(markdown, "a")).body


def test_links_become_numbered_references() -> None:
    converted = html_to_text(
        to_html("See [the report](https://example.org/r) and <https://x.org>.", "a")
    )
    assert converted.body == "See the report [1] and https://x.org."
    assert converted.links == ["https://example.org/r"]


def test_lists_and_wrapping() -> None:
    body = text_of("- one\n- two " + "word " * 30 + "\n\n1. first\n2. second\n")
    lines = body.splitlines()
    assert lines[0] == "- one"
    assert lines[1].startswith("- two word")
    assert lines[2].startswith("  word")
    assert "1. first\n2. second" in body
    assert max(len(line) for line in lines) <= WIDTH


def test_entities_are_decoded_and_no_tags_left() -> None:
    body = text_of("Fish &amp; chips <em>now</em> &lt;tag&gt; ¿Perú?")
    assert body == "Fish & chips now <tag> ¿Perú?"


def test_underline_matches_the_title() -> None:
    assert underline("Perú news") == "Perú news\n========="
