"""Footnotes written as HTML in a WordPress post become Markdown footnotes, none lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.legacy.test_shapes import files, plan_of

EXPORT = FIXTURES / "wxr-html-notes" / "export.xml"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        (
            "2016-09-24-classic-notes",  # <sup><a href="#fn1"> and <ol class="footnotes">
            "The ruling came late.[^1] Two judges dissented.[^2]\n\n"
            "[^1]: On 20 September 2016, see [the ruling](https://www.example.org/ruling).\n"
            "[^2]: Both from *Lima*.\n",
        ),
        (
            "2016-09-25-notes-in-a-div",  # <div class="footnotes"><ol><li><p>
            "Congress voted.[^1]\n\n[^1]: By 70 votes to 30.\n",
        ),
        (
            "2016-09-26-easy-footnotes",  # the plugin's spans, its note's id on a span
            "The dam was shelved.[^1]\n\n[^1]: For now.\n",
        ),
        (
            "2016-09-27-block-editor-notes",  # <sup data-fn>, the notes in the post's meta
            "The law passed.[^1]\n\n[^1]: In its *second* reading.\n",
        ),
    ],
)
def test_each_shape_of_html_notes_becomes_markdown_footnotes(
    root: Path, name: str, body: str
) -> None:
    plan = plan_of(root, EXPORT)
    got = files(plan)[f"_briefings/{name}.yaml"]
    assert got["body"] == body
    assert "[^" not in got["summary"] and "1" not in got["summary"]


def test_a_call_with_no_note_and_a_note_with_no_call_are_kept_and_reported(root: Path) -> None:
    plan = plan_of(root, EXPORT)
    got = files(plan)["_briefings/2016-09-28-notes-astray.yaml"]
    assert got["body"] == (
        "The mine closed.\\[3\\] It may open again.[^1]\n\n"
        "A note no call links to.\n\n"
        "[^1]: In 2017.\n"
    )
    at = f"{EXPORT}:50"
    assert f"{at}: footnote call 3 has no note; its number is kept as text" in plan.notes
    assert (
        f'{at}: a footnote no call links to, kept as a paragraph at the end: "A note no call'
        ' links to."'
    ) in plan.notes
    assert plan.unread == []


def test_an_anchor_within_the_page_is_no_note(root: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    text = EXPORT.read_text(encoding="utf-8").replace(
        "<p>The ruling came late.", '<p>See <a href="#map">the map</a>. The ruling came late.'
    )
    export.write_text(text, encoding="utf-8")
    got = files(plan_of(root, export))["_briefings/2016-09-24-classic-notes.yaml"]
    assert got["body"].startswith("See the map. The ruling came late.[^1]")
