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
