"""Article pages joined to their listings' items, or items of their own, with their images."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import Result

from tests.conftest import FIXTURES, REPO, SAMPLE, Run
from tests.legacy.test_shapes import files, plan_of

MIRROR = FIXTURES / "mirror-site"
SITE = MIRROR / "www.example.org"
COURT = "_briefings/2016-09-24-court-absolves-protesters.yaml"


def test_a_listed_page_gives_its_text_as_the_items_body(root: Path) -> None:
    plan = plan_of(root, MIRROR)
    court = files(plan)[COURT]
    assert court["summary"] == (
        "A court in Cajamarca absolved nineteen people charged after the 2012 protests."
    )  # the listing's
    assert court["body"].startswith("A court in **Cajamarca** absolved")  # the page's
    assert court["body"].endswith("- Nineteen absolved\n- Two still on trial\n")
    page, listing = SITE / "news-article-785.html", SITE / "news.php"
    assert f"{page}:8: the full text of {listing}:7" in plan.notes


def test_a_page_no_listing_gives_is_an_item_of_its_own(root: Path) -> None:
    plan = plan_of(root, MIRROR)
    dam = files(plan)["_briefings/2016-10-12-rio-maranon-dam-shelved.yaml"]
    assert dam["summary"] == "The company said the project at Chadín was no longer viable."
    assert dam["body"] == "It cited the cost of the access roads.\n"
    page = str(SITE / "news-article-790.html")
    assert [(e.line, e.became) for e in plan.account if e.page == page] == [
        (6, "title"),
        (7, "dateline"),
        (8, "summary"),
        (9, "body"),
    ]


def test_an_updates_images_are_copied_and_a_missing_one_reported(root: Path) -> None:
    plan = plan_of(root, MIRROR)
    image = next(t for t in plan.targets if t.kind == "image")
    assert (image.path, image.raw) == (
        "134/images/floods.jpg",
        (SITE / "images" / "floods.jpg").read_bytes(),
    )
    body = files(plan)["134/floods-in-the-north.yaml"]["body"]
    assert "![A flooded street in Piura](images/floods.jpg)\n\nA street in Piura" in body
    assert "missing.jpg" not in body and "The river at Tumbes" in body  # its caption kept
    assert (
        f"{SITE / 'article-1128.html'}:11: image images/missing.jpg is not in the mirror;"
        " its caption is kept"
    ) in plan.notes


def test_a_title_with_small_differences_is_joined(root: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(MIRROR, mirror)
    page = mirror / "www.example.org" / "news-article-785.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("<h1>Court absolves protesters", "<h1>Court Absolves the Protesters")
    )
    plan = plan_of(root, mirror)
    assert plan.count("briefing") == 3
    assert files(plan)[COURT]["body"].startswith("A court in **Cajamarca**")


def test_a_news_items_image_is_copied_beside_the_briefings(
    root: Path, tmp_path: Path, run: Run
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(MIRROR, mirror)
    page = mirror / "www.example.org" / "news-article-790.html"
    text = page.read_text(encoding="utf-8")
    shown = '<img src="images/floods.jpg" alt="The flood"><p>It cited'
    page.write_text(text.replace("<p>It cited", shown), encoding="utf-8")
    plan = plan_of(root, mirror)
    assert [t.path for t in plan.targets if t.kind == "image"] == [
        "134/images/floods.jpg",
        "_briefings/images/floods.jpg",
    ]
    briefing = next(t for t in plan.targets if t.kind == "briefing" and t.items[0].images)
    assert "![The flood](images/floods.jpg)" in briefing.content
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(SAMPLE / "issues" / "_standing", root / "issues" / "_standing")
    imported: Result = run("--root", root, "import", mirror)
    assert imported.exit_code == 0, imported.output
    checked: Result = run("--root", root, "check")
    assert checked.exit_code == 0, checked.output


def test_two_images_of_one_name_in_one_update_are_both_kept(root: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(MIRROR, mirror)
    other = mirror / "www.example.org" / "2016" / "images" / "floods.jpg"
    other.parent.mkdir(parents=True)
    other.write_bytes((SITE / "images" / "floods.jpg").read_bytes() + b"another photo")
    page = mirror / "www.example.org" / "article-1128.html"
    text = page.read_text(encoding="utf-8")
    again = '<img src="images/floods.jpg" alt="Again"><img src="2016/images/floods.jpg" alt="New">'
    page.write_text(text.replace("<figure>", again + "<figure>", 1), encoding="utf-8")
    plan = plan_of(root, mirror)
    copied = {t.path: t.raw for t in plan.targets if t.kind == "image"}
    assert copied == {
        "134/images/floods.jpg": (SITE / "images" / "floods.jpg").read_bytes(),
        "134/images/floods-2.jpg": other.read_bytes(),
    }
    body = files(plan)["134/floods-in-the-north.yaml"]["body"]
    assert "![Again](images/floods.jpg)" in body and "![New](images/floods-2.jpg)" in body
    assert (
        f"{page}:9: image 2016/images/floods.jpg is copied as issues/134/images/floods-2.jpg:"
        " another image of this folder has its file's name"
    ) in plan.notes


def test_the_imported_mirror_checks_and_imports_again_unchanged(root: Path, run: Run) -> None:
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(SAMPLE / "issues" / "_standing", root / "issues" / "_standing")
    first: Result = run("--root", root, "import", MIRROR)
    assert first.exit_code == 0, first.output
    assert (root / "issues" / "134" / "images" / "floods.jpg").is_file()
    checked: Result = run("--root", root, "check")
    assert checked.exit_code == 0, checked.output
    built: Result = run("--root", root, "build", "134", "--format", "email")
    assert built.exit_code == 0, built.output
    assert (
        'alt="A flooded street in Piura"'
        in (root / "build" / "134" / "psg-update-134.html").read_text()
    )
    again: Result = run("--root", root, "import", MIRROR)
    assert again.exit_code == 0 and "create " not in again.output and "update " not in again.output
