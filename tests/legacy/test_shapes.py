"""Each shape of the Group's later pages imports as the table in docs/how-to/import.md says, from text and HTML."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from psgnews.content.project import open_root
from psgnews.legacy.importer import Plan, plan_import
from tests.conftest import FIXTURES
from tests.legacy.test_importer import Run
from tests.legacy.test_listing import SEED_COPY

FORMS = ["news.txt", "news.html"]


def plan_of(root: Path, *pages: Path) -> Plan:
    return plan_import(open_root(root), pages)


def files(plan: Plan) -> dict[str, Any]:
    """Return each planned file's parsed YAML, by its path under issues/."""
    return {t.path: yaml.safe_load(t.content) for t in plan.targets}


def became(plan: Plan, page: Path) -> dict[int, str]:
    """Return what each line of `page` became, by line number."""
    return {e.line: e.became for e in plan.account if e.page == str(page)}


@pytest.mark.parametrize("name", FORMS)
def test_the_date_first_makes_a_briefing_titled_by_the_next_line(root: Path, name: str) -> None:
    page = FIXTURES / "listing-date-first" / name
    plan = plan_of(root, page)
    assert plan.unread == []
    got = files(plan)
    assert sorted(got) == [
        "_briefings/2016-09-24-court-absolves-protesters.yaml",
        "_briefings/2016-10-03-mining-law-reaches-congress.yaml",
        "_briefings/2016-10-12-rio-maranon-dam-shelved.yaml",
    ]
    first = got["_briefings/2016-09-24-court-absolves-protesters.yaml"]
    assert (first["title"], str(first["date"])) == ("Court absolves protesters", "2016-09-24")
    assert "“no evidence”" in first["summary"]
    titles = [data["title"] for data in got.values()]
    assert titles[1:] == ["Mining law reaches Congress", "Río Marañón dam shelved"]
    assert got["_briefings/2016-10-03-mining-law-reaches-congress.yaml"]["body"] == (
        "It returns to the committee in November.\n"
    )
    roles = became(plan, page)
    assert [roles[n] for n in sorted(roles)][:4] == ["dateline", "title", "summary", "title"]


@pytest.mark.parametrize("name", FORMS)
def test_a_caption_before_the_title_is_dropped_and_reported(root: Path, name: str) -> None:
    page = FIXTURES / "listing-caption" / name
    plan = plan_of(root, page)
    assert plan.unread == []
    got = files(plan)
    assert got["140/editorial-a-difficult-year.yaml"]["title"] == "Editorial: A difficult year"
    assert got["140/ollanta-humala-takes-office.yaml"]["section"] == "News"
    assert got["140/issue.yaml"]["date"] == "2011-06/2011-07"
    assert got["140/issue.yaml"]["order"] == [
        "editorial-a-difficult-year",
        "ollanta-humala-takes-office",
    ]
    captions = [e for e in plan.account if e.became == "caption (dropped)"]
    assert [e.text.lstrip("• ") for e in captions] == [
        "Protesters in Lima",
        "Women’s march in Cusco – photo by a reader",
    ]
    # each caption is accounted to the article whose picture it described
    assert [e.file for e in captions] == [
        "issues/140/editorial-a-difficult-year.yaml",
        "issues/140/ollanta-humala-takes-office.yaml",
    ]
    assert (
        f"{page}:{captions[0].line}: dropped a picture caption (the picture is not in the page):"
        ' "Protesters in Lima"'
    ) in plan.notes


@pytest.mark.parametrize("name", FORMS)
def test_another_numbered_series_is_kept_apart_from_the_updates(root: Path, name: str) -> None:
    plan = plan_of(root, FIXTURES / "listing-series" / name)
    assert plan.unread == []
    got = files(plan)
    assert sorted(got) == [
        "118/cocaine-figures-up.yaml",
        "118/issue.yaml",
        "_series/peru-news/007-amnesty-report-on-bagua.yaml",
        "_series/peru-news/065-conga-project-suspended.yaml",
        "_series/peru-news/065-congress-debates-prior-consultation.yaml",
    ]
    conga = got["_series/peru-news/065-conga-project-suspended.yaml"]
    assert list(conga) == [
        "series", "number", "date", "number_written", "title", "section", "summary", "place",
    ]  # fmt: skip
    assert (conga["series"], conga["number"], str(conga["date"])) == ("Peru News", 65, "2011-05-31")
    assert plan.count("series") == 3 and plan.count("standing") == 0


@pytest.mark.parametrize("name", FORMS)
def test_months_and_spans_of_months_date_an_issue_as_written(root: Path, name: str) -> None:
    plan = plan_of(root, FIXTURES / "listing-months" / name)
    assert plan.unread == []
    got = files(plan)
    dates = {path: data["date"] for path, data in got.items() if path.endswith("issue.yaml")}
    assert dates == {
        "134/issue.yaml": "2009-06/2009-07",
        "90/issue.yaml": "2002-03",
        "136/issue.yaml": "2009-12/2010-01",
        "137/issue.yaml": "2010-02/2010-03",
    }
    assert got["134/issue.yaml"]["order"] == ["floods-in-the-north", "bagua-the-inquiry"]


def test_a_month_without_a_number_is_not_understood(root: Path, tmp_path: Path) -> None:
    page = tmp_path / "news.txt"
    page.write_text("• June / July 2009\n\n  Floods\n\n  Rain in Piura.\n", encoding="utf-8")
    plan = plan_of(root, page)
    assert [str(u) for u in plan.unread] == [
        f"{page}:1: not understood: a briefing needs a day; this item has no number and only"
        ' June/July 2009: "Floods"'
    ]
    why = "not understood: a briefing needs a day; this item has no number and only June/July 2009"
    assert became(plan, page) == {1: why, 3: why, 5: why}


@pytest.mark.parametrize("name", FORMS)
def test_page_furniture_is_dropped_wherever_it_stands(root: Path, name: str) -> None:
    page = FIXTURES / "listing-furniture" / name
    plan = plan_of(root, page)
    assert plan.unread == []
    got = files(plan)
    assert got["_standing/psg-aims.yaml"]["body"].startswith("The Peru Support Group exists")
    assert "Previous" not in got["_standing/psg-aims.yaml"]["body"]
    assert "Page 2" not in got["_standing/psg-aims.yaml"]["body"]
    assert got["141/dam-on-the-apurmac.yaml"]["title"] == "Dam on the Apurίmac"  # Greek ί kept
    dropped = [e for e in plan.account if e.became == "page furniture (dropped)"]
    texts = {e.text for e in dropped}
    assert {
        "« Previous | 1 | 2 | 3 | Next »",
        "Page 2 of 40",
        "© 2011 Peru Support Group. All rights reserved.",
        "Registered charity no. 0000000",
        "Peru Support Group, 52 Anywhere Street, London N1 9XX",
    } <= texts
    if name.endswith(".html"):
        assert {"Home", "News", "Articles", "Join"} <= texts  # the menu, and the <nav>
    for entry in dropped:
        assert f'{page}:{entry.line}: dropped page furniture: "{entry.text}"' in plan.notes


@pytest.mark.parametrize("suffix", ["txt", "html"])
def test_one_item_on_two_pages_is_imported_once_the_fuller_text_kept(
    root: Path, suffix: str
) -> None:
    first, second = (FIXTURES / "listing-duplicates" / f"{y}.{suffix}" for y in (2011, 2012))
    plan = plan_of(root, second, first)
    assert plan.unread == []
    got = files(plan)
    assert sorted(got) == [
        "142/issue.yaml",
        "142/mining-conflict-in-espinar.yaml",
        "142/prior-consultation-law-passed.yaml",
        "_briefings/2011-11-15-lawyers-threatened-in-cajamarca.yaml",
    ]
    espinar = got["142/mining-conflict-in-espinar.yaml"]
    assert espinar["body"] == "The company said it would meet the community’s leaders in Lima.\n"
    assert "passed the law" in got["142/prior-consultation-law-passed.yaml"]["summary"]
    assert any(
        n.startswith(f"{second}:")
        and f"the same item as {first}:" in n
        and '"pased" → "passed"' in n
        for n in plan.notes
    )
    copies = {
        (Path(e.page).name, e.file) for e in plan.account if e.became == "duplicate (dropped)"
    }
    assert copies == {  # the shorter copies, and the exact repeat listed last
        (second.name, "issues/142/mining-conflict-in-espinar.yaml"),
        (second.name, "issues/142/prior-consultation-law-passed.yaml"),
        (first.name, "issues/_briefings/2011-11-15-lawyers-threatened-in-cajamarca.yaml"),
    }


def test_implied_end_tags_are_parsed_as_a_browser_does(root: Path) -> None:
    page = FIXTURES / "listing-implied-ends" / "news.html"
    plan = plan_of(root, page)
    assert plan.unread == []
    got = files(plan)
    assert sorted(got) == [
        "140/editorial-a-difficult-year.yaml",
        "140/issue.yaml",
        "_briefings/2016-09-24-court-absolves-protesters.yaml",
        "_series/peru-news/065-conga-project-suspended.yaml",
        "_standing/psg-aims.yaml",
    ]
    assert got["_standing/psg-aims.yaml"]["body"].endswith("human rights in Peru.\n")
    assert became(plan, page) == {
        6: "dateline", 7: "title", 8: "summary",
        9: "caption (dropped)", 10: "title", 11: "dateline", 12: "summary",
        13: "title", 14: "dateline", 15: "summary",
        16: "title", 17: "body",
        19: "page furniture (dropped)", 20: "page furniture (dropped)",
    }  # fmt: skip


def test_an_item_with_neither_number_nor_date_is_never_a_standing_piece(
    root: Path, tmp_path: Path
) -> None:
    page = tmp_path / "news.txt"
    page.write_text(
        SEED_COPY.read_text(encoding="utf-8") + "\n  • Latest news\n\n    See below.\n",
        encoding="utf-8",
    )
    plan = plan_of(root, page)
    unread = [(u.line, u.text) for u in plan.unread]
    assert unread == [(65, "Historical Overview"), (69, "Human Rights"), (80, "Latest news")]
    assert all("not a known standing piece" in u.why for u in plan.unread)
    roles = became(plan, page)
    assert roles[82].startswith("not understood: neither a number nor a date")
    assert plan.count("standing") == 2  # PSG Aims and Why join the PSG?, named in psgnews.yaml


def test_the_report_lists_every_line_even_when_some_are_not_understood(
    root: Path, tmp_path: Path, run: Run
) -> None:
    page = tmp_path / "news.txt"
    text = (FIXTURES / "listing-furniture" / "news.txt").read_text(encoding="utf-8")
    page.write_text("Latest news\n" + text, encoding="utf-8")
    report = tmp_path / "out" / "account.csv"
    result: Result = run("--root", root, "import", "--dry-run", "--report", report, page)
    assert result.exit_code == 1
    rows = list(csv.reader(report.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["page", "line", "became", "file", "text"]
    lines = page.read_text(encoding="utf-8").splitlines()
    assert [int(r[1]) for r in rows[1:]] == [n for n, t in enumerate(lines, 1) if t.strip()]
    assert rows[1] == [str(page), "1", "not understood: text outside any item", "", "Latest news"]
    assert rows[5] == [
        str(page), "7", "dateline", "issues/141/dam-on-the-apurmac.yaml",
        "Update 141. 31 August 2011",
    ]  # fmt: skip
    assert not (root / "issues").exists()
    assert result.output.splitlines()[-2].endswith(
        "1 line not understood; dry run: nothing written"
    )


def test_a_title_after_its_date_never_starts_with_the_stop(root: Path, tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text(
        "<ul><li><b>24 September 2016</b><br>. Court absolves protesters<p>Summary.</ul>",
        encoding="utf-8",
    )
    plan = plan_of(root, page)
    assert plan.unread == []
    assert [yaml.safe_load(t.content)["title"] for t in plan.targets] == [
        "Court absolves protesters"
    ]
