"""A generated mirror imports exactly as expected, with every line and every file accounted for."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psgnews.content.project import open_root
from psgnews.legacy.importer import Plan, plan_import
from psgnews.legacy.mirror import files_of
from synthetic.legacy_mirror import Mirror, generate
from tests.conftest import SAMPLE


def imported(folder: Path, mirror: Mirror) -> tuple[Path, Plan]:
    """Return the mirror written under `folder` and the plan of importing it."""
    root = folder / "root"
    root.mkdir(parents=True)
    shutil.copy(SAMPLE / "psgnews.yaml", root / "psgnews.yaml")
    top = mirror.write(folder / "mirror")
    return top, plan_import(open_root(root), [top])


def planned(plan: Plan) -> dict[str, Any]:
    return {t.path: t.raw if t.kind == "image" else yaml.safe_load(t.content) for t in plan.targets}


def test_the_import_of_a_generated_mirror_is_exactly_the_expected_one(tmp_path: Path) -> None:
    mirror = generate(pages=150, posts=30)
    top, plan = imported(tmp_path, mirror)
    assert plan.unread == []
    assert planned(plan) == mirror.files
    assert {Path(s.source).relative_to(top).as_posix() for s in plan.skipped} == mirror.skipped
    assert generate(pages=150, posts=30) == mirror  # the same seed, the same mirror


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pages=st.integers(1, 40), posts=st.integers(0, 8), seed=st.integers(0, 1000))
def test_every_file_and_every_line_is_accounted_for(
    tmp_path: Path, pages: int, posts: int, seed: int
) -> None:
    folder = tmp_path / f"m{pages}-{posts}-{seed}"
    top, plan = imported(folder, generate(pages, posts, seed))
    assert plan.unread == []
    assert {Path(e.page) for e in plan.account} == set(files_of(top))
    for page in (p for p in files_of(top) if p.suffix in (".html", "") or "?" in p.name):
        text = page.read_text(encoding="utf-8")
        shown = {e.text for e in plan.account if e.page == str(page)}
        for block in ("News from Peru", "Home", "Share"):
            assert block not in text or block in shown, (page, block)
    assert all(e.became for e in plan.account)
