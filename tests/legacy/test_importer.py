"""`psgnews import` end to end: the seed becomes the sample archive, safely, every time."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from psgnews.content.project import open_root
from psgnews.legacy.imported import RECORD, sha256
from psgnews.legacy.importer import plan_import
from tests.conftest import FIXTURES, REPO, SAMPLE, run_process
from tests.legacy.test_htmlpage import HTML
from tests.legacy.test_listing import SEED_COPY

Run = Callable[..., Result]
ARTICLE = "issues/117/british-council-leave-peru.yaml"


# The seed's four standing pieces, named as an archivist names them before a first import:
# the sample prints two of them, so its psgnews.yaml names only those.
SAMPLE_STANDING = "  - psg-aims\n  - why-join-the-psg\n"
SEED_STANDING = SAMPLE_STANDING + "  - historical-overview\n  - human-rights\n"


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A project with settings (naming the seed's standing pieces) and layouts but no issues/."""
    root = tmp_path / "empty"
    root.mkdir()
    settings = (SAMPLE / "psgnews.yaml").read_text(encoding="utf-8")
    assert SAMPLE_STANDING in settings
    write(root / "psgnews.yaml", settings.replace(SAMPLE_STANDING, SEED_STANDING))
    shutil.copytree(REPO / "layouts", root / "layouts")
    return root


def tree(root: Path) -> dict[str, bytes]:
    """Return every file under root/issues, by path."""
    issues = root / "issues"
    return {
        p.relative_to(issues).as_posix(): p.read_bytes()
        for p in sorted(issues.rglob("*"))
        if p.is_file()
    }


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def assert_is_the_sample_archive(root: Path) -> None:
    """Assert root/issues is the sample archive, but for bodies editors added or edited since."""
    imported, sample = tree(root), tree(SAMPLE)
    assert sorted(imported) == sorted(sample)
    for path, data in imported.items():
        if path == RECORD or data == sample[path]:
            continue
        ours, theirs = yaml.safe_load(data), yaml.safe_load(sample[path])
        assert "body" in theirs, f"{path} differs from the import"
        assert {k: v for k, v in ours.items() if k != "body"} == {
            k: v for k, v in theirs.items() if k != "body"
        }, path
    record = yaml.safe_load(sample[RECORD])
    assert record == {p: sha256(d) for p, d in imported.items() if p != RECORD}


def test_the_seed_reproduces_the_sample_archive(empty: Path, run: Run) -> None:
    result = run("--root", empty, "import", SEED_COPY)
    assert result.exit_code == 0, result.output
    assert_is_the_sample_archive(empty)
    assert result.output.splitlines()[-1] == (
        "3 issues, 9 articles, 1 briefing, 0 series items, 4 standing pieces, 0 lines dropped,"
        " 1 repair, 0 conflicts, 0 lines not understood; 18 files written"
    )
    assert "news.txt:55: briefing (dated 2006-07-31, no Update number):" in result.output
    assert (
        "repaired issues/117/protests-at-perus-biggest-goldmine.yaml (" in result.output
        and "news.txt:31): Peruís → Peru’s" in result.output
    )


def test_the_html_listing_reproduces_the_sample_archive(empty: Path, run: Run) -> None:
    result = run("--root", empty, "import", HTML)
    assert result.exit_code == 0, result.output
    assert_is_the_sample_archive(empty)
    assert (
        "news.html:92: link to https://www.example.org/join kept as its text only" in result.output
    )


def test_an_html_listing_without_optional_end_tags_imports_the_same(
    empty: Path, tmp_path: Path, run: Run
) -> None:
    page = HTML.read_text(encoding="utf-8").replace("</li>", "").replace("</p>", "")
    result = run("--root", empty, "import", write(tmp_path / "news.html", page))
    assert result.exit_code == 0, result.output
    assert_is_the_sample_archive(empty)


def test_the_imported_root_checks_and_builds(empty: Path, run: Run) -> None:
    assert run("--root", empty, "import", SEED_COPY).exit_code == 0
    result = run("--root", empty, "check")
    assert result.exit_code == 0, result.output
    assert result.output == "ok: 3 issues, 9 articles\nok: 1 briefing (issues/_briefings/)\n"
    result = run("--root", empty, "build", "117-119", "--format", "email,text,eml")
    assert result.exit_code == 0, result.output
    assert (empty / "build" / "117" / "psg-update-117.html").is_file()


def test_importing_twice_changes_nothing(empty: Path, run: Run) -> None:
    run("--root", empty, "import", SEED_COPY)
    before = {p: p.stat().st_mtime_ns for p in (empty / "issues").rglob("*")}
    result = run("--root", empty, "import", SEED_COPY)
    assert result.exit_code == 0, result.output
    assert {p: p.stat().st_mtime_ns for p in (empty / "issues").rglob("*")} == before
    assert not [
        line for line in result.output.splitlines() if line.startswith(("create", "update"))
    ]
    assert result.output.endswith("; 0 files written\n")


def test_an_edited_article_is_kept_when_the_listing_is_unchanged(empty: Path, run: Run) -> None:
    run("--root", empty, "import", SEED_COPY)
    edited = (empty / ARTICLE).read_text(encoding="utf-8") + "body: |\n  The full story.\n"
    write(empty / ARTICLE, edited)
    result = run("--root", empty, "import", SEED_COPY)
    assert result.exit_code == 0, result.output
    assert (
        f"kept {ARTICLE}: edited since import; the listing's item is as imported" in result.output
    )
    assert (empty / ARTICLE).read_text(encoding="utf-8") == edited


def test_an_edit_and_a_changed_listing_conflict_until_forced(
    empty: Path, tmp_path: Path, run: Run
) -> None:
    run("--root", empty, "import", SEED_COPY)
    edited = (empty / ARTICLE).read_text(encoding="utf-8").replace("surprising", "sudden")
    write(empty / ARTICLE, edited)
    seed = SEED_COPY.read_text(encoding="utf-8")
    changed = write(
        tmp_path / "news.txt",
        seed.replace("surprising move", "surprising step").replace(
            "Cocaine Figures Up", "Cocaine Figures Rise"
        ),
    )
    result = run("--root", empty, "import", changed)
    assert result.exit_code == 1
    assert f"conflict {ARTICLE}: edited since import" in result.output
    assert "Error: 1 file in conflict left as it is; import again with --force" in result.output
    assert (empty / ARTICLE).read_text(encoding="utf-8") == edited
    # what nobody edited follows the listing
    assert "create issues/118/cocaine-figures-rise.yaml" in result.output
    assert "update issues/118/issue.yaml" in result.output
    result = run("--root", empty, "import", "--force", changed)
    assert result.exit_code == 0, result.output
    assert f"overwrite {ARTICLE}: edited since import, replaced because of --force" in result.output
    assert "surprising step" in (empty / ARTICLE).read_text(encoding="utf-8")
    assert run("--root", empty, "import", changed).output.endswith("; 0 files written\n")


def test_a_file_not_written_by_import_is_a_conflict(project: Path, run: Run) -> None:
    (project / "issues" / "_imported.yaml").unlink()
    write(project / ARTICLE, "title: By hand\nsection: News\nsummary: Written by an editor.\n")
    result = run("--root", project, "import", SEED_COPY)
    assert result.exit_code == 1
    assert f"conflict {ARTICLE}: edited since import (or not written by import)" in result.output
    assert "By hand" in (project / ARTICLE).read_text(encoding="utf-8")


def test_a_deleted_article_stays_deleted(empty: Path, run: Run) -> None:
    run("--root", empty, "import", SEED_COPY)
    (empty / ARTICLE).unlink()
    result = run("--root", empty, "import", SEED_COPY)
    assert f"kept {ARTICLE}: deleted since import" in result.output
    assert not (empty / ARTICLE).exists()


def test_dry_run_writes_nothing(empty: Path, project: Path, run: Run) -> None:
    result = run("--root", empty, "import", "--dry-run", SEED_COPY)
    assert result.exit_code == 0, result.output
    assert not (empty / "issues").exists()
    assert "would create issues/117/issue.yaml" in result.output
    assert result.output.endswith("; dry run: nothing written\n")
    write(project / ARTICLE, "title: By hand\nsection: News\nsummary: Edited.\n")
    before = tree(project)
    result = run("--root", project, "import", "--dry-run", "--force", SEED_COPY)
    assert f"overwrite {ARTICLE}" in result.output
    assert tree(project) == before


def test_lines_not_understood_fail_and_write_nothing(empty: Path, tmp_path: Path, run: Run) -> None:
    seed = SEED_COPY.read_text(encoding="utf-8")
    damaged = write(
        tmp_path / "news.txt",
        "Latest news\n" + seed.replace("Update 118. 30 November", "Update 118. 30 Novembre"),
    )
    result = run("--root", empty, "import", damaged)
    assert result.exit_code == 1
    assert 'news.txt:1: not understood: text outside any item: "Latest news"' in result.output
    assert (
        "news.txt:16: not understood: not a date 'D Month YYYY', 'Month YYYY' or"
        " 'June / July YYYY': \"Update 118. 30 Novembre 2006\"" in result.output
    )
    assert "news.txt:22: not understood" in result.output
    assert "would create issues/119/issue.yaml" in result.output
    assert "2 issues, 7 articles, 1 briefing, 0 series items, 4 standing pieces" in result.output
    assert ", 3 lines not understood; nothing written\n" in result.output
    assert "Error: 3 lines not understood; nothing was written" in result.output
    assert not (empty / "issues").exists()


def test_no_repair_keeps_the_damage(empty: Path, run: Run) -> None:
    result = run("--root", empty, "import", "--no-repair", SEED_COPY)
    assert result.exit_code == 0, result.output
    assert "repaired" not in result.output
    damaged = empty / "issues" / "117" / "protests-at-peruis-biggest-goldmine.yaml"
    assert damaged.read_text(encoding="utf-8").startswith(
        "title: Protests at Peruís biggest goldmine\n"
    )


def _items(seed: str) -> list[str]:
    """Return the seed's items, each from its bullet to the next."""
    return re.split(r"(?m)^(?=  • )", seed)


def test_any_item_order_and_several_pages(empty: Path, tmp_path: Path, run: Run) -> None:
    items = _items(SEED_COPY.read_text(encoding="utf-8"))
    assert len(items) == 14
    # Issue 117 and the standing pages first, on a page of their own; 118 and 119 interleaved.
    page_a = write(tmp_path / "a.txt", "".join(items[4:9] + items[10:]))
    page_b = write(tmp_path / "b.txt", "".join([items[2], items[0], items[3], items[1], items[9]]))
    result = run("--root", empty, "import", page_a, page_b)
    assert result.exit_code == 0, result.output
    assert_is_the_sample_archive(empty)


def test_two_items_with_one_title_get_two_names(empty: Path, tmp_path: Path, run: Run) -> None:
    items = _items(SEED_COPY.read_text(encoding="utf-8"))
    listing = write(
        tmp_path / "news.txt",
        items[0]
        + items[1].replace(
            "69 Congresspersons vote to support TRC Recommendations",
            "Setbacks for Reparations Process: Debate over Ojo que Llora Monument",
        ),
    )
    result = run("--root", empty, "import", listing)
    assert result.exit_code == 0, result.output
    name = "setbacks-for-reparations-process-debate"
    assert (
        f"news.txt:7: another item here has the name {name}; this one is {name}-2" in result.output
    )
    order = (empty / "issues" / "119" / "issue.yaml").read_text(encoding="utf-8")
    assert order.endswith(f"order:\n  - {name}\n  - {name}-2\n")


def test_an_item_listed_twice_is_imported_once(empty: Path, tmp_path: Path, run: Run) -> None:
    items = _items(SEED_COPY.read_text(encoding="utf-8"))
    again = write(tmp_path / "again.txt", items[0] + items[10])
    result = run("--root", empty, "import", SEED_COPY, again)
    assert result.exit_code == 0, result.output
    assert "again.txt:1: the same item as " in result.output
    assert_is_the_sample_archive(empty)


def test_an_issue_imported_in_two_runs_keeps_every_article(
    empty: Path, tmp_path: Path, run: Run
) -> None:
    items = _items(SEED_COPY.read_text(encoding="utf-8"))
    run("--root", empty, "import", write(tmp_path / "one.txt", "".join(items[4:6] + items[10:])))
    result = run("--root", empty, "import", write(tmp_path / "two.txt", "".join(items[6:9])))
    assert result.exit_code == 0, result.output
    assert (
        "issues/117/protests-at-perus-biggest-goldmine.yaml is not in this import; kept"
        in result.output
    )
    checked = run("--root", empty, "check", "117")
    assert checked.exit_code == 0, checked.output
    order = (empty / "issues" / "117" / "issue.yaml").read_text(encoding="utf-8")
    assert order.count("\n  - ") == 5


def test_one_issue_with_two_dates_is_not_understood(empty: Path, tmp_path: Path, run: Run) -> None:
    items = _items(SEED_COPY.read_text(encoding="utf-8"))
    listing = write(tmp_path / "news.txt", items[0] + items[1].replace("31 January", "30 January"))
    result = run("--root", empty, "import", listing)
    assert result.exit_code == 1
    assert "news.txt:7: not understood: Update 119 is dated 2007-01-31 at " in result.output


def test_an_item_psgnews_would_refuse_is_not_understood(
    empty: Path, tmp_path: Path, run: Run
) -> None:
    listing = write(tmp_path / "news.txt", "• A\x07 bell\n    Update 3. 1 May 2001\n    Text.\n")
    result = run("--root", empty, "import", listing)
    assert result.exit_code == 1
    assert "news.txt:1: not understood: its title contains a control character" in result.output
    assert not (empty / "issues").exists()


@pytest.mark.slow
def test_every_output_of_the_imported_issues_builds(empty: Path, run: Run) -> None:
    assert run("--root", empty, "import", SEED_COPY).exit_code == 0
    result = run("--root", empty, "build", "117")  # the largest; email of all three built above
    assert result.exit_code == 0, result.output
    outputs = sorted((empty / "build" / "117").iterdir())
    assert [p.name for p in outputs] == [
        f"psg-update-117.{kind}" for kind in ("eml", "html", "pdf", "txt")
    ]
    assert all(p.stat().st_size > 0 for p in outputs)


def test_a_missing_listing_is_bad_usage(empty: Path, run: Run) -> None:
    result = run("--root", empty, "import", empty / "nope.txt")
    assert result.exit_code == 2  # a file named on the command line that is not there
    assert "nope.txt' does not exist" in result.output


def test_fixture_folder_exists() -> None:
    assert (FIXTURES / "listing-html").is_dir()


@pytest.mark.slow
def test_the_console_script_imports_and_fails_cleanly(empty: Path, tmp_path: Path) -> None:
    done = run_process("import", SEED_COPY, cwd=empty)
    assert done.returncode == 0, done.stderr
    assert (empty / "issues" / "117" / "issue.yaml").is_file()
    bad = write(tmp_path / "bad.txt", "Stray text\n")
    done = run_process("import", bad, cwd=empty)
    assert done.returncode == 1
    assert "bad.txt:1: not understood: text outside any item" in done.stdout
    assert done.stderr.startswith("Error: 1 line not understood; nothing was written")
    assert "Traceback" not in done.stderr


def import_within(seconds: float, root: Path, listing: Path) -> subprocess.CompletedProcess[str]:
    """Run `psgnews import --dry-run listing` in `root`, failing the test past `seconds`."""
    script = Path(sys.executable).with_name("psgnews")
    try:
        return subprocess.run(
            [str(script), "import", "--dry-run", str(listing)],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"importing {listing.name} took over {seconds} s")


@pytest.mark.slow
def test_an_item_with_16000_list_entries_imports_in_linear_time(
    empty: Path, tmp_path: Path
) -> None:
    entries = "".join(
        f"      • entry {i} of the list about the mine at Yanacocha\n" for i in range(16000)
    )
    page = f"• A long item\n\n    Update 119. 31 January 2007\n\n    The summary.\n\n{entries}"
    listing = write(tmp_path / "long.txt", page)
    assert listing.stat().st_size > 650_000
    done = import_within(40, empty, listing)  # took over 60 s when each entry re-read the item
    assert done.returncode == 0, done.stderr
    assert "1 issue, 1 article" in done.stdout


@pytest.mark.slow
def test_a_60000_word_paragraph_with_mojibake_imports_in_linear_time(
    empty: Path, tmp_path: Path
) -> None:
    words = " ".join("PerÃº" if i % 7 == 0 else f"the{i % 50}" for i in range(60000))
    page = f"• Mojibake\n\n    Update 119. 31 January 2007\n\n    The summary.\n\n    {words}\n"
    done = import_within(40, empty, write(tmp_path / "mojibake.txt", page))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("PerÃº → Perú") == 8572  # each repair reported once, in place


def test_control_characters_of_a_page_are_shown_escaped_never_raw(
    empty: Path, tmp_path: Path, run: Run
) -> None:
    listing = write(tmp_path / "bad.txt", "Stray \x00 text \x1b[2J here\u2028too\x85end\n")
    result = run("--root", empty, "import", "--dry-run", listing)
    assert result.exit_code == 1
    assert (
        'bad.txt:1: not understood: text outside any item: "Stray \\x00 text \\x1b[2J here'
        in result.output
    )
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", result.output)


def test_a_temp_file_left_by_a_killed_import_is_cleaned_by_the_next(empty: Path, run: Run) -> None:
    assert run("--root", empty, "import", SEED_COPY).exit_code == 0
    child = subprocess.Popen(["true"])  # stands in for the import killed with kill -9
    child.wait()
    article = empty / ARTICLE
    left = article.with_name(f".{article.name}.{child.pid}-0123abcd.tmp")
    left.write_text("title: half written")
    article.unlink()  # so that the next import writes it again
    assert run("--root", empty, "import", "--force", SEED_COPY).exit_code == 0
    assert article.is_file() and not left.exists()


def test_full_texts_are_repaired_as_listings_are_and_reported(root: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(FIXTURES / "mirror-site", mirror)
    page = mirror / "www.example.org" / "news-article-785.html"
    write(
        page,
        page.read_text(encoding="utf-8").replace("against them;", "against Peruís ìprotestersî;"),
    )
    export = tmp_path / "export.xml"
    text = (FIXTURES / "wxr-export" / "export.xml").read_text(encoding="utf-8")
    write(export, text.replace("It returns to the", "It returns to PerÃº's"))
    plans = [plan_import(open_root(root), [path]) for path in (mirror, export)]
    got = [{t.path: yaml.safe_load(t.content) for t in plan.targets} for plan in plans]
    court = got[0]["_briefings/2016-09-24-court-absolves-protesters.yaml"]["body"]
    assert "against Peru’s “protesters”;" in court
    law = got[1]["_briefings/2016-10-03-mining-law-reaches-congress.yaml"]["body"]
    assert "It returns to Perú's committee" in law
    repairs = [str(r) for plan in plans for r in plan.repairs]
    assert (
        "repaired issues/_briefings/2016-09-24-court-absolves-protesters.yaml"
        f" ({page}:8): Peruís ìprotestersî; → Peru’s “protesters”;"
    ) in repairs
    assert (
        "repaired issues/_briefings/2016-10-03-mining-law-reaches-congress.yaml"
        f" ({export}:30): PerÃº's → Perú's"
    ) in repairs
