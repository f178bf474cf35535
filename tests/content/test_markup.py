from __future__ import annotations

from psgnews.content.markup import to_html


def test_commonmark_tables_and_footnotes() -> None:
    html = to_html("Text[^1].\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n[^1]: A note.\n", "art")
    assert "<table>" in html
    assert '<td style="text-align:right">2</td>' in html
    assert 'id="fn-art-1"' in html
    assert 'href="#fn-art-1"' in html


def test_headings_sit_below_the_article_title() -> None:
    assert to_html("# Part\n\n## Sub\n", "a") == "<h3>Part</h3>\n<h4>Sub</h4>"


def test_raw_html_is_sanitised() -> None:
    html = to_html(
        '<script>alert(1)</script><iframe src="https://x"></iframe>'
        '<b onclick="steal()">bold</b> [x](javascript:alert(1)) <a href="javascript:x">y</a>',
        "a",
    )
    for bad in ("<script", "<iframe", "onclick", 'href="javascript'):
        assert bad not in html
    assert "alert(1)</script>" not in html
    assert "<b>bold</b>" in html


def test_empty_body_is_empty() -> None:
    assert to_html("  \n", "a") == ""


def test_a_body_beginning_at_level_two_starts_at_h3_too() -> None:
    assert to_html("## Part\n\n### Sub\n\n##### Deep\n", "a") == (
        "<h3>Part</h3>\n<h4>Sub</h4>\n<h5>Deep</h5>"
    )


def test_quotes_and_dashes_are_typographic_but_not_in_code() -> None:
    html = to_html("It's 'here' -- \"there\" - 2003-06, 2007-01-31 `don't \"x\"`\n", "a")
    assert html == ('<p>It’s ‘here’ – “there” – 2003–06, 2007-01-31 <code>don\'t "x"</code></p>')


def test_bare_addresses_become_links_left_as_written() -> None:
    html = to_html("See https://example.org/it's-here -- or write to news@example.org.\n", "a")
    assert "<a href=\"https://example.org/it's-here\">https://example.org/it's-here</a> –" in html
    assert '<a href="mailto:news@example.org">news@example.org</a>.' in html


def test_spanish_bodies_take_the_spanish_quotes() -> None:
    assert to_html('Dijo "basta".\n', "a", "es") == "<p>Dijo “basta”.</p>"


def test_a_body_converted_again_follows_its_links_and_footnote_prefix() -> None:
    # Bodies are converted once per process (serve loads an issue again after each save):
    # the same text with other reference links, or in another document, is converted anew.
    body = "Become a [member][join].[^1]\n\n[^1]: A note."
    first = to_html(body, "a", links={"join": "https://example.org/a"})
    assert 'href="https://example.org/a"' in first and 'id="fn-a-1"' in first
    other = to_html(body, "a", links={"join": "https://example.org/b"})
    assert 'href="https://example.org/b"' in other and "example.org/a" not in other
    moved = to_html(body, "b", links={"join": "https://example.org/a"})
    assert 'id="fn-b-1"' in moved and 'id="fn-a-1"' not in moved
    assert to_html(body, "a", links={"join": "https://example.org/a"}) == first
