"""A WordPress export: published posts become dated items, footnotes and captions kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import Result

from psgnews.core.errors import ImportFailedError
from tests.conftest import FIXTURES, REPO, Run
from tests.legacy.test_shapes import files, plan_of

EXPORT = FIXTURES / "wxr-export" / "export.xml"
COURT = "_briefings/2016-09-24-court-absolves-protesters.yaml"


def test_published_posts_become_dated_items_with_notes_and_captions(root: Path) -> None:
    plan = plan_of(root, EXPORT)
    assert plan.unread == []
    got = files(plan)
    assert sorted(got) == [COURT, "_briefings/2016-10-03-mining-law-reaches-congress.yaml"]
    court = got[COURT]
    assert court["summary"] == (
        "A court in Cajamarca absolved nineteen people charged after the 2012 protests."
    )
    assert court["body"] == (
        "A court in Cajamarca absolved nineteen people charged after the 2012 protests.[^1]\n\n"
        "The court in Cajamarca\n\n"
        "The judges found *no evidence* against them.[^2]\n\n"
        "[^1]: The ruling of 20 September 2016.\n"
        "[^2]: Two are still on trial.\n"
    )
    assert court["tags"] == ["Justice", "Cajamarca"]
    law = got["_briefings/2016-10-03-mining-law-reaches-congress.yaml"]
    assert law["summary"] == "A bill on consultation reaches Congress."  # its excerpt
    assert "tags" not in law  # Uncategorized is WordPress's word for none
    assert any(
        "court.jpg is not copied: an export gives its address, not its file, and no mirror was"
        " given; its caption is kept" in n
        for n in plan.notes
    )


def test_drafts_revisions_pages_and_attachments_are_reported_and_skipped(root: Path) -> None:
    plan = plan_of(root, EXPORT)
    assert [(e.line, e.became, e.text) for e in plan.account] == [
        (13, "post", "Court absolves protesters"),
        (30, "post", "Mining law reaches Congress"),
        (41, "skipped: a post (draft), not a published post", "A draft not yet published"),
        (48, "skipped: a revision (inherit), not a published post", "Court absolves protesters"),
        (55, "skipped: a page (publish), not a published post", "About us"),
        (62, "skipped: an attachment (inherit), not a published post", "court"),
    ]


def test_an_export_in_a_mirror_is_read(root: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(FIXTURES / "mirror-site", mirror)
    shutil.copy(EXPORT, mirror / "www.example.org" / "wordpress.2018-01-01.xml")
    plan = plan_of(root, mirror)
    assert plan.unread == []
    got = files(plan)
    assert got[COURT]["tags"] == ["Justice", "Cajamarca"]  # the post's, given to the one item
    assert not [path for path in got if "court-absolves-protesters-2" in path]


def test_an_export_declaring_entities_is_refused(root: Path, tmp_path: Path, run: Run) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>&b;</channel></rss>',
        encoding="utf-8",
    )
    with pytest.raises(ImportFailedError, match="declares a document type"):
        plan_of(root, bomb)
    result: Result = run("--root", root, "import", bomb)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_the_imported_export_checks(root: Path, run: Run) -> None:
    shutil.copytree(REPO / "layouts", root / "layouts")
    result: Result = run("--root", root, "import", EXPORT)
    assert result.exit_code == 0, result.output
    checked: Result = run("--root", root, "check")
    assert checked.exit_code == 0, checked.output


def mirror_with_court(tmp_path: Path) -> Path:
    """Return a mirror holding the post's image where `wget --mirror` saves it, and no pages."""
    mirror = tmp_path / "mirror"
    uploads = mirror / "www.example.org" / "wp-content" / "uploads"
    uploads.mkdir(parents=True)
    shutil.copy(
        FIXTURES / "mirror-site" / "www.example.org" / "images" / "floods.jpg",
        uploads / "court.jpg",
    )
    return mirror


@pytest.mark.parametrize("inside", [True, False], ids=["export in the mirror", "given beside it"])
def test_a_posts_image_is_copied_from_the_mirror(root: Path, tmp_path: Path, inside: bool) -> None:
    mirror = mirror_with_court(tmp_path)
    if inside:
        shutil.copy(EXPORT, mirror / "www.example.org" / "wordpress.2018-01-01.xml")
    plan = plan_of(root, mirror) if inside else plan_of(root, mirror, EXPORT)
    court = files(plan)[COURT]
    assert "![The court](images/court.jpg)\n\nThe court in Cajamarca\n\n" in court["body"]
    image = next(t for t in plan.targets if t.path == "_briefings/images/court.jpg")
    assert (
        image.raw
        == (mirror / "www.example.org" / "wp-content" / "uploads" / "court.jpg").read_bytes()
    )
    copied = [e for e in plan.account if e.page.endswith("court.jpg")]
    assert [(e.became, e.file) for e in copied] == [
        ("image (copied)", "issues/_briefings/images/court.jpg")
    ]


def test_a_posts_image_missing_from_the_mirror_is_reported(root: Path, tmp_path: Path) -> None:
    mirror = mirror_with_court(tmp_path)
    (mirror / "www.example.org" / "wp-content" / "uploads" / "court.jpg").unlink()
    plan = plan_of(root, mirror, EXPORT)
    assert files(plan)[COURT]["body"].count("The court in Cajamarca") == 1  # the caption kept
    assert "![" not in files(plan)[COURT]["body"]
    note = "image https://www.example.org/wp-content/uploads/court.jpg is not in the mirror"
    assert any(note in n for n in plan.notes)
