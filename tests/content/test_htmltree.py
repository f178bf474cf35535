"""The one HTML parser: HTML5 parsing into a tree, and the serialiser that writes it back."""

from __future__ import annotations

import datetime
import gc
import pickle
import weakref
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psgnews.content import htmltree, markup

BODY = (
    "# Part\n\nText with *emphasis*, a [link](https://x.org/?a=1&b=2), a note[^n] and\n"
    "an ![image of a \"dam\" & <river>](images/dam.png 'Dam').\n\n"
    "| a | b |\n|:-|-:|\n| 1 | 2 |\n\n```\ncode <b> & \u00a0\n```\n\n[^n]: The note.\n"
)


def test_sanitised_html_is_written_back_byte_for_byte() -> None:
    html = markup.to_html(BODY, "a")
    assert htmltree.serialise(htmltree.parse(html)) == html


@pytest.mark.parametrize(
    ("html", "written"),
    [
        (
            "<p>a &amp; b &lt;c&gt; \u00a0 \"d\" 'e'</p>",
            "<p>a &amp; b &lt;c&gt; &nbsp; \"d\" 'e'</p>",
        ),
        (
            "<img alt=\"&quot;x&quot; <y> & \u00a0 'z'\">",
            "<img alt=\"&quot;x&quot; &lt;y&gt; &amp; &nbsp; 'z'\">",
        ),
        ("a<br/>b<hr>c<wbr>", "a<br>b<hr>c<wbr>"),
        ("<style>p > a { x: '&amp;' }</style>", "<style>p > a { x: '&amp;' }</style>"),
        ("<p>a<!-- note -->b</p>", "<p>a<!-- note -->b</p>"),
        ("<ul><li>one<li>two</ul><p>x<p>y", "<ul><li>one</li><li>two</li></ul><p>x</p><p>y</p>"),
        ('<svg><image xlink:href="a.png"/></svg>', '<svg><image xlink:href="a.png"></image></svg>'),
    ],
)
def test_the_serialiser_writes_html5(html: str, written: str) -> None:
    assert htmltree.serialise(htmltree.parse(html)) == written


def test_a_fragment_naming_a_file_is_parsed_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("<p>private</p>")
    assert htmltree.text(htmltree.parse(str(secret))) == str(secret)


def test_html_keeps_its_tree_through_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    html = markup.to_html(BODY, "a")
    kept = pickle.loads(pickle.dumps(html))

    def refuse(html: str, *, scripting: bool = False) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(htmltree, "parse", refuse)
    assert kept == html and isinstance(kept, htmltree.Html)
    assert htmltree.serialise(htmltree.tree_of(kept)) == html


def test_noscript_holds_raw_text_only_when_scripting() -> None:
    html = '<noscript><p title="</noscript><img src=x.png>"></noscript>'
    names = [htmltree.name(e) for e in htmltree.elements(htmltree.parse(html))]
    assert names == ["noscript", "p"]
    scripted = htmltree.parse(html, scripting=True)
    assert [htmltree.name(e) for e in htmltree.elements(scripted)] == ["noscript", "img"]


# Deeper markup takes tinyhtml5 quadratic time: 40,000 nested <div> took 82 s to parse whole.
DEEP = 40_000
# Far above what parsing 40,000 tags that do not nest takes (a few seconds, on a shared
# machine), far below what parsing 40,000 nested levels took: it catches quadratic time only.
GENEROUS = datetime.timedelta(seconds=30)
TAGS = st.sampled_from(["div", "blockquote", "span", "b", "i", "ul", "li", "p", "table", "td", "a"])


def test_nesting_past_the_limit_is_refused_while_parsing_at_its_line() -> None:
    html = "<p>Intro</p>\n<div>\n" + "<div>" * DEEP + "x" + "</div>" * DEEP
    with pytest.raises(htmltree.TooDeep) as raised:
        htmltree.parse(html)
    assert raised.value.limit == htmltree.MAX_DEPTH and raised.value.line == 3
    assert raised.value.near == ("<div>" * DEEP)[:60]  # to find the line by in its source


def test_nesting_at_the_limit_parses() -> None:
    depth = htmltree.MAX_DEPTH
    tree = htmltree.parse("<div>" * depth + "x" + "</div>" * depth)
    assert sum(1 for _ in htmltree.elements(tree)) == depth


def test_a_page_nests_deeper_than_a_fragment_but_not_without_limit() -> None:
    page = "<html><body>" + "<div>" * (htmltree.MAX_DEPTH + 10) + "x</body></html>"
    assert htmltree.parse_page(page).root is not None
    with pytest.raises(htmltree.TooDeep) as raised:
        htmltree.parse_page("<html><body>\n" + "<table><tr><td>" * DEEP)
    assert raised.value.limit == htmltree.PAGE_DEPTH and raised.value.line == 2


@settings(max_examples=25, deadline=GENEROUS, suppress_health_check=[HealthCheck.too_slow])
@given(
    tags=st.lists(TAGS, min_size=1, max_size=6), depth=st.integers(1, DEEP), closed=st.booleans()
)
def test_any_nesting_is_parsed_or_refused_in_linear_time(
    tags: list[str], depth: int, closed: bool
) -> None:
    opened = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    ends = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth))) if closed else ""
    for parse in (htmltree.parse, htmltree.parse_page):
        try:
            parse(opened + "text" + ends)
        except htmltree.TooDeep as e:
            assert e.line == 1


def test_a_pages_tree_goes_with_its_page_without_waiting_for_the_collector() -> None:
    # tinyhtml5's elements and parser refer to each other: left so, each of the thousands
    # of pages of a mirror would wait for a full collection.
    html = "<p>one<b>two</b><table><tr><td>three<i>four</td></table><form><input></form>"
    gc.disable()
    try:
        page = htmltree.parse_page(html)
        bold, italic = page.root.find(".//b"), page.root.find(".//i")
        assert bold is not None and italic is not None and page.line(bold) == 1
        gone = weakref.ref(italic)
        del bold, italic
        del page
        assert gone() is None
    finally:
        gc.enable()
