"""Items as YAML files: plain text stays plain text through Markdown."""

from __future__ import annotations

import datetime
import html
import re

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from psgnews.content import markup, typography, yamlwrite
from psgnews.legacy.htmlpage import Line
from psgnews.legacy.listing import Item
from psgnews.legacy.yamlfiles import article, issue, markdown, markdown_text, standing

SYNTAX = "*_[]<>&#`\\!-+=.)(:;|~^ 0123456789aZé"


def _rendered_text(markdown_source: str) -> str:
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", "", markup.to_html(markdown_source, "t"))).split()
    )


@settings(max_examples=300, deadline=None)
@example("~~~ a")
@example("* * *")
@example("&copy; 1) <!-- x --> [^1]: y")
@given(st.text(alphabet=SYNTAX, min_size=1, max_size=30).filter(lambda t: t.strip()))
def test_escaped_text_renders_as_the_same_words(text: str) -> None:
    # The same words but for quotes, dashes and dots, which typography sets (or, escaped,
    # leaves: "0\\.." keeps its two dots).
    text = " ".join(text.split())
    rendered = _rendered_text(markdown_text(text))
    assert _unset(rendered) == _unset(typography.smarten(text))


def _unset(text: str) -> str:
    """Return `text` without the characters typography may change, and the spaces they leave."""
    return " ".join(re.sub("[-.–—…]", " ", text.replace("±", "+-")).split())


def test_escapes_only_what_markdown_would_read() -> None:
    assert markdown_text("Peru's 70,000 dead (1980-2000)") == "Peru's 70,000 dead (1980-2000)"
    assert markdown_text("2006. A year") == "2006\\. A year"
    assert markdown_text("- not a list, *not* bold") == "\\- not a list, \\*not\\* bold"
    assert markdown_text("AT&T &amp; co") == "AT&T \\&amp; co"


def test_bullets_stay_a_markdown_list() -> None:
    blocks = [Line(1, "bullet", "One"), Line(2, "bullet", "Two"), Line(3, "text", "After")]
    assert markdown(blocks) == "- One\n- Two\n\nAfter\n"
    assert markdown([]) == ""


def test_files_hold_the_fields_in_order() -> None:
    item = Item(
        "news.txt",
        1,
        "Title: with a colon",
        blocks=[Line(2, "text", "Summary."), Line(3, "text", "More.")],
    )
    assert yaml.safe_load(yamlwrite.dump(article(item, "News"))) == {
        "title": "Title: with a colon",
        "section": "News",
        "summary": "Summary.",
        "body": "More.\n",
    }
    date = datetime.date(2006, 7, 31)
    assert list(yaml.safe_load(yamlwrite.dump(article(item, "News", date)))) == [
        "title",
        "section",
        "date",
        "summary",
        "body",
    ]
    assert yaml.safe_load(yamlwrite.dump(standing(item))) == {
        "title": "Title: with a colon",
        "body": "Summary.\n\nMore.\n",
    }
    assert (
        yamlwrite.dump(issue(117, date, ["a", "b"]))
        == "number: 117\ndate: 2006-07-31\norder:\n  - a\n  - b\n"
    )
