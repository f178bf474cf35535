"""The search index: what it finds, in which order, kept up to date by reading only changed files."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

import pytest

from psgnews.core import cache
from psgnews.search import index
from psgnews.search.query import MARK, Filters, Result, fts_query, run
from synthetic.make_archive import make_archive

CONGA_TITLE = """\
title: "Conga: the mine the region refused"
section: Mining
summary: A short note on the water of Cajamarca.
body: |
  The government and the company met again in Lima.
date: 2011-11-30
"""
CONGA_BODY = """\
title: "Water and protest in Cajamarca"
section: Mining
summary: Protests go on against a mine in the north.
body: |
  The Conga project, Conga's lagoons, and the marches against Conga filled the week.
date: 2011-12-15
"""
SPANISH = """\
series: Peru News
number: 900
date: 2009-06-05
title: "Perú: las comunidades campesinas de Bagua"
section: Human Rights
summary: Los pueblos indígenas de la Amazonía protestan contra los decretos.
body: |
  La policía desalojó la “Curva del Diablo”; el Perú’s gobierno habló de “terrorismo”.
lang: es
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated archive of 3 issues and 40 news items, plus three items with known words."""
    root = make_archive(tmp_path_factory.mktemp("search"), issues=3, articles=2, words=80, news=40)
    _write(root / "issues/_briefings/2011-11-30-conga-title.yaml", CONGA_TITLE)
    _write(root / "issues/_briefings/2011-12-15-conga-body.yaml", CONGA_BODY)
    _write(root / "issues/_series/peru-news/900-bagua.yaml", SPANISH)
    return root


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _search(root: Path, words: str, filters: Filters | None = None) -> list[Result]:
    db = index.open_index(root)
    assert index.refresh(db, root) == []
    return run(db, fts_query(words), filters or Filters())


def _paths(results: list[Result]) -> list[str]:
    return [r.path for r in results]


def test_a_title_match_ranks_first(archive: Path) -> None:
    found = _search(archive, "conga")
    assert _paths(found) == [
        "issues/_briefings/2011-11-30-conga-title.yaml",
        "issues/_briefings/2011-12-15-conga-body.yaml",
    ]
    assert found[1].excerpt.count(MARK[0]) == 3  # Conga, Conga's, Conga: each marked


def test_case_accents_and_apostrophes_fold(archive: Path) -> None:
    bagua = ["issues/_series/peru-news/900-bagua.yaml"]
    assert _paths(_search(archive, "PERU BAGUA")) == bagua
    assert _paths(_search(archive, "indigenas desalojo")) == bagua
    assert _paths(_search(archive, "Peru's gobierno")) == bagua  # the text writes Perú’s
    assert _paths(_search(archive, "Conga’s lagoons")) == [
        "issues/_briefings/2011-12-15-conga-body.yaml"
    ]


def test_spanish_and_english_plurals_and_prefixes(archive: Path) -> None:
    bagua = "issues/_series/peru-news/900-bagua.yaml"
    assert bagua in _paths(_search(archive, "comunidad campesina bagua"))
    assert _paths(_search(archive, "decreto pueblo")) == [bagua]  # decretos, pueblos
    assert _paths(_search(archive, "protest* bagua")) == [bagua]  # protestan
    assert _paths(_search(archive, "protest cajamarca conga")) == [
        "issues/_briefings/2011-12-15-conga-body.yaml"
    ]  # "Protests" in its summary
    assert bagua in _paths(_search(archive, "terror* bagua"))


def test_snowball_stems_each_language_and_marks_the_words_as_written(archive: Path) -> None:
    bagua = "issues/_series/peru-news/900-bagua.yaml"
    assert _paths(_search(archive, "protesta bagua")) == [bagua]  # Spanish: protestan
    found = _search(archive, "desalojo")  # desalojó
    assert _paths(found) == [bagua]
    assert f"{MARK[0]}desalojó{MARK[1]}" in found[0].excerpt
    conga = _search(archive, "march lagoon")  # English: marches, lagoons
    assert _paths(conga) == ["issues/_briefings/2011-12-15-conga-body.yaml"]
    assert f"{MARK[0]}marches{MARK[1]}" in conga[0].excerpt
    prefixed = _search(archive, "diab*")  # a prefix: the unstemmed words, marked too
    assert _paths(prefixed) == [bagua] and f"{MARK[0]}Diablo{MARK[1]}" in prefixed[0].excerpt


def test_a_phrase_is_the_words_in_order(archive: Path) -> None:
    assert _paths(_search(archive, '"curva del diablo"')) == [
        "issues/_series/peru-news/900-bagua.yaml"
    ]
    assert _search(archive, '"diablo del curva"') == []


def test_filters_by_date_section_and_kind(archive: Path) -> None:
    def found(**limits: object) -> list[str]:
        return _paths(_search(archive, "conga OR bagua OR water", Filters(**limits)))  # type: ignore[arg-type]

    assert found() == []  # every word must be found: OR is a word too
    water = _paths(_search(archive, "water"))
    assert len(water) > 3
    day = datetime.date(2011, 12, 1)
    after = _paths(_search(archive, "water", Filters(since=day)))
    assert after == ["issues/_briefings/2011-12-15-conga-body.yaml"]
    before = _paths(_search(archive, "water", Filters(until=day)))
    assert set(before) == set(water) - set(after)
    kinds = {r.kind for r in _search(archive, "water", Filters(kind="article"))}
    assert kinds == {"article"}
    sections = {r.section for r in _search(archive, "water", Filters(section="mining"))}
    assert sections == {"Mining"}


def test_articles_take_their_issues_date_and_number(archive: Path) -> None:
    articles = _search(archive, "water", Filters(kind="article"))
    issue = (archive / "issues/1/issue.yaml").read_text()
    first = next(r for r in articles if r.path.startswith("issues/1/"))
    assert first.number == 1 and f"date: {first.date}" in issue


def test_only_changed_files_are_read_again(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", issues=2, articles=2, words=40, news=4)
    db = index.open_index(root)
    index.refresh(db, root)
    before = dict(db.execute("SELECT path, rowid FROM files"))
    edited = root / "issues/2/article-01.yaml"
    _write(edited, edited.read_text().replace("title: ", 'title: "Kuntur Wasi" #', 1))
    next((root / "issues/_briefings").iterdir()).unlink()
    index.refresh(db, root)
    after = dict(db.execute("SELECT path, rowid FROM files"))
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed == {"issues/2/article-01.yaml"}
    assert len(after) == len(before) - 1
    assert _paths(run(db, fts_query("kuntur wasi"), Filters())) == ["issues/2/article-01.yaml"]


def test_an_issue_yaml_edit_redates_its_articles(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", issues=1, articles=2, words=40)
    db = index.open_index(root)
    index.refresh(db, root)
    _write(root / "issues/1/issue.yaml", "number: 1\ndate: 2001-02-03\n")
    index.refresh(db, root)
    dates = {date for (date,) in db.execute("SELECT date FROM entries")}
    assert dates == {"2001-02-03"}


def test_a_file_with_problems_is_named_and_left_out(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", issues=1, articles=1, words=40, news=2)
    _write(root / "issues/1/broken.yaml", "title: Kuntur\nsection: News\n")
    db = index.open_index(root)
    problems = index.refresh(db, root)
    assert problems == ["issues/1/broken.yaml:1:1: summary: required field is missing"]
    assert run(db, fts_query("kuntur"), Filters()) == []
    assert index.refresh(db, root) == problems  # said again, without reading it again


def test_a_link_out_of_the_root_is_not_followed(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", issues=1, articles=1, words=40)
    _write(tmp_path / "secret.yaml", CONGA_TITLE)
    (root / "issues/_briefings").mkdir()
    (root / "issues/_briefings/2011-11-30-conga.yaml").symlink_to(tmp_path / "secret.yaml")
    db = index.open_index(root)
    problems = index.refresh(db, root)
    assert len(problems) == 1 and "symbolic link" in problems[0]
    assert run(db, fts_query("conga"), Filters()) == []


def test_the_index_lives_in_the_cache_not_in_the_project(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", issues=1, articles=1, words=40)
    listed = sorted(root.rglob("*"))
    index.refresh(index.open_index(root), root)
    assert sorted(root.rglob("*")) == listed
    private = cache.folder(root)
    assert private is not None and cache.is_own_file(private / index.NAME)


def test_an_index_file_not_ours_is_neither_read_nor_written(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", issues=1, articles=1, words=40)
    private = cache.own_folder(root)
    assert private is not None
    planted = tmp_path / "planted.sqlite3"
    sqlite3.connect(planted).execute("CREATE TABLE files (path TEXT)").connection.commit()
    (private / index.NAME).symlink_to(planted)
    db = index.open_index(root)
    index.refresh(db, root)
    assert _paths(run(db, fts_query("commission"), Filters()))  # searched in memory
    assert sqlite3.connect(planted).execute("SELECT count(*) FROM files").fetchone() == (0,)


def test_an_index_file_that_is_not_sqlite_means_indexing_again(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", issues=1, articles=1, words=40)
    private = cache.own_folder(root)
    assert private is not None
    (private / index.NAME).write_bytes(b"not an SQLite database, and not ours to mend")
    db = index.open_index(root)
    assert index.refresh(db, root) == []
    assert _paths(run(db, fts_query("commission"), Filters()))
    assert (private / index.NAME).read_bytes().startswith(b"SQLite format 3")  # made anew
