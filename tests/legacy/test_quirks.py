"""The quirks of real pages that refused a whole page import as issue 22's table says."""

from __future__ import annotations

from pathlib import Path

import pytest

from psgnews.legacy.importer import Plan
from tests.conftest import FIXTURES
from tests.legacy.test_shapes import became, files, plan_of

SUFFIXES = ["txt", "html"]


def page_of(case: str, suffix: str) -> Path:
    return FIXTURES / case / f"news.{suffix}"


def roles(plan: Plan, page: Path) -> list[str]:
    """Return what each line (each block of an HTML line) of `page` became, in order."""
    return [e.became for e in plan.account if e.page == str(page)]


def html_or_text(tmp_path: Path, suffix: str, *items: list[str]) -> Path:
    """Write a page of `items`, each its blocks, as text or as HTML."""
    page = tmp_path / f"news.{suffix}"
    if suffix == "txt":
        text = "\n".join("  • " + "\n\n    ".join(blocks) + "\n" for blocks in items)
    else:
        text = "<ul>" + "".join("<li>" + "<p>".join(blocks) for blocks in items) + "</ul>"
    page.write_text(text, encoding="utf-8")
    return page


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_stray_stop_before_a_date_is_dropped_and_reported(root: Path, suffix: str) -> None:
    page = page_of("listing-stray-stop", suffix)
    plan = plan_of(root, page)
    assert plan.unread == []
    assert sorted(files(plan)) == [
        "_briefings/2016-09-24-court-absolves-protesters.yaml",
        "_briefings/2016-10-03-mining-law-reaches-congress.yaml",
    ]
    first = min(became(plan, page))
    assert became(plan, page)[first] == "dateline"
    assert f'{page}:{first}: dropped a stray ". " before the date "24 September 2016"' in (
        plan.notes
    )


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_bare_number_after_its_update_is_an_article_of_it(root: Path, suffix: str) -> None:
    plan = plan_of(root, page_of("listing-bare-number", suffix))
    assert plan.unread == []
    got = files(plan)
    assert got["102/issue.yaml"]["order"] == ["floods-in-the-north", "bagua-the-inquiry"]
    assert got["102/bagua-the-inquiry.yaml"]["summary"].startswith("Congress named")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_bare_number_the_archive_has_is_an_article_of_it(root: Path, suffix: str) -> None:
    (root / "issues" / "102").mkdir(parents=True)
    (root / "issues" / "102" / "issue.yaml").write_text(
        "number: 102\ndate: 2004-02-29\norder: []\n", encoding="utf-8"
    )
    page = html_or_text(
        root.parent, suffix, ["Bagua: the inquiry", "102. 29 February 2004", "Congress met."]
    )
    plan = plan_of(root, page)
    assert plan.unread == []
    assert "102/bagua-the-inquiry.yaml" in files(plan)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_bare_number_of_no_known_update_says_so(root: Path, suffix: str) -> None:
    page = html_or_text(
        root.parent,
        suffix,
        ["Floods in the north", "Update 102. 29 February 2004", "Rain in Piura."],
        ["Bagua: the inquiry", "103. 29 February 2004", "Congress met."],
    )
    plan = plan_of(root, page)
    assert [u.why for u in plan.unread] == [
        'a number with no series name ("103. 29 February 2004"), and no Update 103 of'
        " that date on the page or in the archive"
    ]
    assert all(t.kind != "standing" for t in plan.targets)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_the_old_sites_empty_date_is_never_filed_under_1969(root: Path, suffix: str) -> None:
    page = page_of("listing-empty-date", suffix)
    plan = plan_of(root, page)
    assert plan.unread == []
    got = files(plan)
    assert sorted(got) == [
        "_briefings/2013-03-04-film-showing-on-the-amazon.yaml",
        "_briefings/2016-09-24-court-absolves-protesters.yaml",
    ]
    film = got["_briefings/2013-03-04-film-showing-on-the-amazon.yaml"]
    assert (film["summary"], film["body"]) == (
        "4 March 2013, London",
        "A documentary on the rivers of Loreto is shown, followed by questions.\n",
    )
    assert any(
        '"31 December 1969" is the old site\'s empty date; dated 2013-03-04 by its text' in note
        for note in plan.notes
    )


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_an_empty_date_and_no_date_in_the_text_is_not_understood(root: Path, suffix: str) -> None:
    page = html_or_text(root.parent, suffix, ["Film showing", "31 December 1969", "Come along."])
    plan = plan_of(root, page)
    why = "31 December 1969 is the old site's empty date, and the item's text gives no date"
    assert [(u.why, u.text) for u in plan.unread] == [(why, "31 December 1969")]
    assert plan.targets == []
    assert set(roles(plan, page)) == {
        f"not understood: {why}",
        "not understood: in an item whose dateline was not read",
    }


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_date_title_and_summary_on_consecutive_lines(root: Path, suffix: str) -> None:
    page = page_of("listing-consecutive", suffix)
    plan = plan_of(root, page)
    assert plan.unread == []
    got = files(plan)
    court = got["_briefings/2016-09-24-court-absolves-protesters.yaml"]
    assert court["title"] == "Court absolves protesters"
    assert court["summary"] == (
        "A court in Cajamarca absolved nineteen people charged after the 2012 protests;"
        " the judges found no evidence against them."
    )
    assert court["body"] == "The prosecutor may appeal.\n"
    floods = got["134/floods-in-the-north.yaml"]
    assert floods["summary"] == "Heavy rain in Piura and Tumbes left thousands without homes."
    assert roles(plan, page)[:3] == ["dateline", "title", "summary"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_months_in_reverse_order_are_named_as_the_fault(root: Path, suffix: str) -> None:
    plan = plan_of(root, page_of("listing-reversed-months", suffix))
    assert [(u.why, u.text) for u in plan.unread] == [
        (
            "the months are in reverse order (May comes after April)",
            "UPDATE 133. May / April 2009",
        )
    ]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_longer_copy_whose_last_stop_became_a_comma_is_one_item(root: Path, suffix: str) -> None:
    first, second = (FIXTURES / "listing-comma-copy" / f"{y}.{suffix}" for y in (2011, 2012))
    plan = plan_of(root, first, second)
    assert plan.unread == []
    got = files(plan)
    assert sorted(got) == ["142/issue.yaml", "142/prior-consultation-law-passed.yaml"]
    assert got["142/prior-consultation-law-passed.yaml"]["summary"].endswith("communities.")
    assert any(
        n.startswith(f"{first}:")
        and f"the same item as {second}:" in n
        and '"Tuesday." → "Tuesday,"' in n
        for n in plan.notes
    )


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_dates_and_numbers_are_kept_as_the_page_wrote_them(root: Path, suffix: str) -> None:
    got = files(plan_of(root, page_of("listing-months", suffix)))
    assert got["134/issue.yaml"]["date_written"] == "June / July 2009"
    assert got["137/issue.yaml"]["date_written"] == "Feb.-Mar. 2010"
    assert "date_written" not in got["90/issue.yaml"]  # "March 2002" is how outputs show it
    series = files(plan_of(root, page_of("listing-series", suffix)))
    conga = series["_series/peru-news/065-conga-project-suspended.yaml"]
    assert (conga["number"], conga["number_written"]) == (65, "065")
    assert "date_written" not in conga
    assert "number_written" not in series["_series/peru-news/007-amnesty-report-on-bagua.yaml"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_news_of_one_day_keep_the_pages_order(root: Path, suffix: str) -> None:
    got = files(plan_of(root, page_of("listing-series", suffix)))
    places = {path: data.get("place") for path, data in got.items() if "series" in data}
    assert places == {
        "_series/peru-news/065-conga-project-suspended.yaml": 1,
        "_series/peru-news/065-congress-debates-prior-consultation.yaml": 2,
        "_series/peru-news/007-amnesty-report-on-bagua.yaml": None,  # alone on its day
    }
