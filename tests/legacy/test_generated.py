"""Generated pages of every shape import exactly as expected, with every line accounted for."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psgnews.content.project import open_root
from psgnews.legacy import htmlpage
from psgnews.legacy.importer import Plan, plan_import, run_import
from synthetic.legacy_pages import Generated, generate
from tests.conftest import SAMPLE


def project(folder: Path) -> Path:
    """Return a new project in `folder`: the sample's settings, no issues."""
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE / "psgnews.yaml", folder / "psgnews.yaml")
    return folder


def imported(folder: Path, generated: Generated) -> tuple[Path, list[Path], Plan]:
    """Return the project, the pages written, and the plan of importing `generated` into it."""
    root = project(folder / "root")
    pages = generated.write(folder / "pages")
    return root, pages, plan_import(open_root(root), pages)


def account_of(plan: Plan) -> Counter[tuple[str, int, str]]:
    """Return how many times the account names each (page, line, text)."""
    return Counter((Path(e.page).name, e.line, e.text) for e in plan.account)


def test_the_generated_pages_have_a_thousand_items_of_every_shape() -> None:
    generated = generate()
    kinds = Counter(item.kind for item in generated.items)
    assert sum(kinds.values()) >= 1000 and set(kinds) == {
        "article",
        "briefing",
        "series",
        "standing",
    }
    fates = Counter(became for became, _ in generated.lines.values())
    for became in ("caption (dropped)", "page furniture (dropped)", "duplicate (dropped)"):
        assert fates[became] > 50, became
    dates = {str(data["date"]) for path, data in generated.files.items() if "issue" in path}
    assert any("/" in d for d in dates) and any(len(d) == 7 for d in dates)
    assert sum(name.endswith(".html") for name in generated.pages) >= 10
    assert generate() == generated  # the same seed, the same pages


def test_the_import_of_the_generated_pages_is_exactly_the_expected_one(tmp_path: Path) -> None:
    generated = generate()
    _, _, plan = imported(tmp_path, generated)
    assert plan.unread == [] and plan.repairs == []
    assert {t.path: yaml.safe_load(t.content) for t in plan.targets} == generated.files
    account = {(Path(e.page).name, e.line): (e.became, e.file) for e in plan.account}
    assert len(account) == len(plan.account)
    assert account == generated.lines


def test_every_planned_file_reads_back_as_the_data_checked(tmp_path: Path) -> None:
    """The import checks each file's data, not its text: the two must be the same."""
    _, _, plan = imported(tmp_path, generate())
    assert all(t.data is not None for t in plan.targets)
    assert all(yaml.safe_load(t.content) == t.data for t in plan.targets)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10**6), items=st.integers(1, 40), per_page=st.integers(1, 12))
def test_every_line_of_a_generated_page_is_accounted_for_once(
    tmp_path_factory: pytest.TempPathFactory, seed: int, items: int, per_page: int
) -> None:
    generated = generate(seed, items, per_page)
    _, pages, plan = imported(tmp_path_factory.mktemp("generated"), generated)
    expected: Counter[tuple[str, int, str]] = Counter()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if page.suffix == ".html":
            blocks, _ = htmlpage.lines(text)
            expected.update((page.name, n, t) for b in blocks for n, t in b.physical)
        else:
            lines = enumerate(text.splitlines(), start=1)
            expected.update((page.name, n, " ".join(t.split())) for n, t in lines if t.strip())
    assert account_of(plan) == expected
    assert all(count == 1 for count in expected.values())
    assert plan.unread == []


def files_of(root: Path) -> dict[Path, tuple[int, bytes]]:
    """Return each file under root/issues with its modification time and bytes."""
    files = (p for p in (root / "issues").rglob("*") if p.is_file())
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}


def _reimport_changes_nothing(tmp_path: Path, items: int) -> None:
    root, pages, _ = imported(tmp_path, generate(7, items))
    first = run_import(open_root(root), pages, dry_run=False, force=False, fix=True)
    assert first.plan.unread == [] and len(first.written) == len(first.plan.targets) + 1
    before = files_of(root)
    again = run_import(open_root(root), pages, dry_run=False, force=False, fix=True)
    assert again.written == []
    assert {a.verb for a in again.actions} == {"unchanged"}
    assert files_of(root) == before


def test_a_reimport_of_the_same_pages_changes_nothing(tmp_path: Path) -> None:
    _reimport_changes_nothing(tmp_path, 120)


@pytest.mark.slow
def test_a_reimport_of_the_thousand_items_changes_nothing(tmp_path: Path) -> None:
    _reimport_changes_nothing(tmp_path, 1000)


def test_the_summary_counts_every_kind_and_drop(tmp_path: Path) -> None:
    generated = generate(3, 200)
    root, pages, _ = imported(tmp_path, generated)
    result = run_import(open_root(root), pages, dry_run=True, force=False, fix=True)
    kinds = Counter(item.kind for item in generated.items)
    fates = Counter(became for became, _ in generated.lines.values())
    drops = sum(count for became, count in fates.items() if became.endswith("(dropped)"))
    issues = sum(path.endswith("/issue.yaml") for path in generated.files)
    assert result.summary() == (
        f"{issues} issues, {kinds['article']} articles, {kinds['briefing']} briefings,"
        f" {kinds['series']} series items, 2 standing pieces, {drops} lines dropped, 0 repairs,"
        " 0 conflicts, 0 lines not understood; dry run: nothing written"
    )
