"""The plain-text email: wrapped, underlined, links as numbered references, no HTML left."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psgnews.content.load import load_issue
from psgnews.content.project import open_root
from psgnews.render import documents, plaintext
from tests.conftest import SAMPLE

NO_MARKUP = re.compile(r"<[a-zA-Z/!]|&[a-zA-Z]+;|&#\d+;")


def issue_texts(rich: Path) -> list[str]:
    texts = [documents.text(load_issue(open_root(SAMPLE), n)) for n in (117, 118, 119)]
    return [*texts, documents.text(load_issue(open_root(rich), 120))]


def test_no_html_or_entities_and_lines_fit_72_columns(rich: Path) -> None:
    for text in issue_texts(rich):
        assert not NO_MARKUP.search(text.replace("<not>", "")), NO_MARKUP.search(text)
        for line in text.splitlines():
            # Only a line holding one unbreakable word (a long URL) may run over.
            assert len(line) <= 72 or " " not in line.strip(), line


def test_an_article_reads_as_plain_text(rich: Path) -> None:
    text = documents.text(load_issue(open_root(rich), 120))
    article = text.split("* " * 35 + "*")[1]
    assert "Mining protests in Cajamarca & the “dialogue tables”\n" + "=" * 52 in article
    assert "[image: Marchers with banners on a street in Cajamarca]" in article
    assert "Contact the Group [a] or read the report [b]." in article
    assert article.rstrip().endswith(
        "Links:\n[a] news@example.org\n[b] https://www.example.org/report?id=1&lang=en"
    )
    assert "the _Plaza de Armas_¹ and" in article  # italic, as plain text marks it
    assert "\nNotes:\n\n¹ The main square of the city." in article
    assert "↩" not in article


def test_link_marks_restart_in_each_article(rich: Path) -> None:
    text = documents.text(load_issue(open_root(rich), 120))
    reading = text.split("Reading list\n============")[1]
    assert "- A report on reparations [a]\n- An interview [b] with a human-rights lawyer" in reading


def test_relative_links_become_absolute(rich: Path) -> None:
    text = documents.text(load_issue(open_root(rich), 120))
    assert "[a] https://www.example.org/updates/120/briefing.pdf" in text


def test_a_narrow_table_keeps_its_columns() -> None:
    html = (
        "<table><tr><th>Date</th><th>People</th></tr>"
        "<tr><td>12 March</td><td>5,000</td></tr></table>"
    )
    assert (
        plaintext.html_to_text(html).body == "Date      People\n--------  ------\n12 March  5,000"
    )


def test_a_wide_table_becomes_heading_value_lines() -> None:
    cells = "".join(f"<th>column heading number {i}</th>" for i in range(4))
    values = "".join(f"<td>value {i}</td>" for i in range(4))
    body = plaintext.html_to_text(f"<table><tr>{cells}</tr><tr>{values}</tr></table>").body
    assert body.splitlines()[:2] == [
        "column heading number 0: value 0",
        "column heading number 1: value 1",
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>one\ntwo</p>", "one two"),  # a source line break is a space
        ("<p>one<br>two</p>", "one\ntwo"),  # <br> is kept
        ("<p>A &amp; B &lt;c&gt; &#8212; d</p>", "A & B <c> — d"),
        ("<pre><code>a  b\n  c\n</code></pre>", "    a  b\n      c"),
        ("<p><a href='https://x.org'>https://x.org</a></p>", "https://x.org"),
        ("<p>designed <strong>with</strong> <em>care</em></p>", "designed *with* _care_"),
        ("<pre><code>a <em>b</em></code></pre>", "    a b"),
    ],
)
def test_fragments(html: str, expected: str) -> None:
    assert plaintext.html_to_text(html).body == expected


def test_sample_text_matches_shape() -> None:
    text = documents.text(load_issue(open_root(SAMPLE), 117))
    assert text.startswith("PERU SUPPORT GROUP\nUpdate 117 · 30 September 2006\n" + "=" * 30)
    assert text.endswith("Unsubscribe: https://www.example.org/unsubscribe\n")


@given(
    words=st.lists(
        st.sampled_from(["a", "Peru", "—", "x" * 71, "y" * 73, "https://e.org/" + "p" * 70])
    ),
    prefixes=st.sampled_from([("", None), ("  ", None), ("     ", "  1. "), ("> ", "> - ")]),
)
def test_wrap_is_textwraps_fill_without_breaking_words(
    words: list[str], prefixes: tuple[str, str | None]
) -> None:
    indent, first = prefixes
    text = " ".join(words)
    expected = textwrap.fill(
        text,
        width=72,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    assert plaintext.wrap(text, indent, first) == expected


def test_links_and_footnote_markers_inside_a_table_stay_in_their_cell() -> None:
    html = (
        "<table><tr><th>Who</th><th>Where</th></tr><tr><td><a href='https://x.org/a'>Amnesty</a>"
        "<sup class='footnote-ref'><a href='#fn1'>[1]</a></sup></td><td>Lima<br>Peru</td></tr>"
        "</table><p>And <a href='https://y.org'>y</a>.</p>"
    )
    text = plaintext.html_to_text(html)
    assert text.body.splitlines()[2] == "Amnesty [a]¹  Lima Peru"
    assert text.body.endswith("And y [b].")
    assert text.links == ["https://x.org/a", "https://y.org"]


def test_heading_levels_are_underlined_apart() -> None:
    text = plaintext.html_to_text("<h3>Part</h3><h4>Sub</h4><h5>Deep</h5>").body
    assert text == "Part\n----\n\nSub\n~~~\n\nDeep\n^^^^"


def test_link_marks_run_from_a_to_z_then_aa() -> None:
    marks = [plaintext.link_mark(n) for n in (1, 2, 26, 27, 28)]
    assert marks == ["a", "b", "z", "aa", "ab"]
