"""A folder given to `psgnews import` is a mirror of the old site: every file read or skipped."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from click.testing import Result

from psgnews.legacy.account import Entry
from psgnews.legacy.mirror import files_of
from tests.conftest import FIXTURES, Run
from tests.legacy.test_shapes import plan_of

MIRROR = FIXTURES / "mirror-site"
SITE = MIRROR / "www.example.org"
FLOODS = "issues/134/images/floods.jpg"


def report_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))[1:]


def test_every_file_of_a_mirror_is_read_or_skipped_with_its_reason(root: Path) -> None:
    plan = plan_of(root, MIRROR)
    assert plan.unread == []
    assert sorted(t.path for t in plan.targets) == [
        "134/floods-in-the-north.yaml",
        "134/images/floods.jpg",
        "134/issue.yaml",
        "_briefings/2016-09-24-court-absolves-protesters.yaml",
        "_briefings/2016-10-03-mining-law-reaches-congress.yaml",
        "_briefings/2016-10-12-rio-maranon-dam-shelved.yaml",
    ]
    skipped = {Path(s.source).relative_to(SITE).as_posix(): s.why for s in plan.skipped}
    assert skipped == {
        "about.html": "a page with no dated items, and no heading with a date after it",
        "css/site.css": "not a page (a stylesheet)",
        "feed.xml": "not a page (XML, no WordPress export: a feed, a sitemap)",
        "images/logo.png": "an image no article page or post shows",
        "robots.txt": "not a page of news (a file for robots)",
    }
    pages = {Path(e.page) for e in plan.account}
    assert pages == set(files_of(MIRROR))
    assert [e for e in plan.account if e.page.endswith("floods.jpg")] == [
        Entry(str(SITE / "images" / "floods.jpg"), 0, "image (copied)", FLOODS, "")
    ]


def test_the_report_names_every_file_of_the_mirror(root: Path, tmp_path: Path, run: Run) -> None:
    report = tmp_path / "account.csv"
    result: Result = run("--root", root, "import", "--dry-run", "--report", report, MIRROR)
    assert result.exit_code == 0, result.output
    rows = report_rows(report)
    assert {Path(r[0]) for r in rows} == set(files_of(MIRROR))
    assert [str(SITE / "css" / "site.css"), "", "skipped: not a page (a stylesheet)", "", ""] in (
        rows
    )
    assert result.output.splitlines()[-1].endswith(
        "0 lines not understood, 5 files skipped (see --report); dry run: nothing written"
    )


def test_a_link_in_a_mirror_is_skipped_not_followed(root: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(MIRROR, mirror)
    secret = tmp_path / "outside.html"
    secret.write_text((SITE / "news.php").read_text(encoding="utf-8"), encoding="utf-8")
    (mirror / "www.example.org" / "old.html").symlink_to(secret)
    (mirror / "www.example.org" / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    plan = plan_of(root, mirror)
    why = {Path(s.source).name: s.why for s in plan.skipped}
    assert why["old.html"] == why["elsewhere"] == "a symbolic link, which psgnews does not follow"
    assert plan.count("briefing") == 3  # the linked page's copies were not read


def test_an_empty_folder_imports_nothing(root: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    plan = plan_of(root, tmp_path / "empty")
    assert (plan.targets, plan.skipped, plan.account) == ([], [], [])
