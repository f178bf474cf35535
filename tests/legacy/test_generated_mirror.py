"""A generated mirror imports exactly as expected, with every line and every file accounted for."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psgnews.content import htmltree
from psgnews.content.project import open_root
from psgnews.legacy.account import Entry
from psgnews.legacy.htmlpage import SKIPPED
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
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis may run one example twice
    top, plan = imported(folder, generate(pages, posts, seed))
    assert plan.unread == []
    assert {Path(e.page) for e in plan.account} == set(files_of(top))
    # The pages read line by line: listings and article pages (an export: entry by entry).
    read = sorted({Path(e.page) for e in plan.account if e.line and not e.page.endswith(".xml")})
    assert read
    for page in read:
        entries = sorted((e for e in plan.account if e.page == str(page)), key=lambda e: e.line)
        assert unaccounted(entries, texts_by_line(page)) == [], page
    for entry in plan.account:
        assert entry.became, entry
        filed = not entry.became.startswith(("skipped", "not understood"))
        assert entry.file or not filed or entry.became.endswith(")"), entry  # "(dropped)"


def texts_by_line(page: Path) -> Iterator[tuple[int, str]]:
    """Yield each line of `page` that shows text, and the words it shows there, in page order."""
    tree = htmltree.parse_page(page.read_text(encoding="utf-8"))

    def shown(element: Element) -> Iterator[tuple[int, str]]:
        if htmltree.name(element) in SKIPPED:
            return
        yield from _lines(tree.text_line(element, "text"), element.text)
        for child in element:
            if isinstance(child.tag, str):
                yield from shown(child)
            yield from _lines(tree.text_line(child, "tail"), child.tail)

    yield from shown(tree.root)


def _lines(first: int, text: str | None) -> Iterator[tuple[int, str]]:
    for number, line in enumerate((text or "").split("\n")):
        if line.strip():
            yield first + number, " ".join(line.split())


def unaccounted(entries: list[Entry], shown: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """Return the lines of text `shown` that no entry holds, matching both in page order.

    Each line's words must be in the entry of the block it is part of: the same
    entry as the line before, or a later one that starts at or before the line.
    """
    missing: list[tuple[int, str]] = []
    at = 0
    for line, text in shown:
        found = next(
            (
                i
                for i in range(at, len(entries))
                if entries[i].line <= line and text in " ".join(entries[i].text.split())
            ),
            None,
        )
        if found is None:
            missing.append((line, text))
        else:
            at = found
    return missing
