"""The one HTML parser: HTML5 parsing into a tree, and the serialiser that writes it back."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

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
