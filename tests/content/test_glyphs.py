"""`check` refuses what the PDF's fonts cannot set, at its place, as `build` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from psgnews.content import glyphs
from tests.conftest import FIXTURES, REPO, Run


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "_base", tmp_path / "p")
    shutil.copytree(REPO / "layouts", tmp_path / "p" / "layouts")
    return tmp_path / "p"


HEAD = "section: News\n"


@pytest.mark.parametrize(
    ("text", "where", "char"),
    [
        (f'title: "Lima 利马"\n{HEAD}summary: S.\n', "1:14: title", "U+5229"),
        (f'title: T\n{HEAD}summary: "A private \\uE000 sign."\n', "3:10: summary", "U+E000"),
        (
            f"title: T\n{HEAD}summary: S.\nbody: |\n  Text.\n\n  Lima 利马 again.\n",
            "7:8: body",
            "U+5229",
        ),
        (
            f'title: T\n{HEAD}summary: S.\nbody: "One\\Ltwo"\n',
            "4:7: body",
            "U+2028 is a line break",
        ),
    ],
)
def test_check_refuses_a_character_no_font_of_the_pdf_has(
    root: Path, run: Run, text: str, where: str, char: str
) -> None:
    (root / "issues" / "1" / "first.yaml").write_text(text)
    for command in ("check", "build"):
        result = run("--root", root, command, "1")
        assert result.exit_code == 1, result.output
        assert f"issues/1/first.yaml:{where}: {char}" in result.output
        assert "the PDF" in result.output and ".notdef" not in result.output


def test_the_fonts_coverage_is_kept_and_covers_the_seed(root: Path) -> None:
    dirs = (root / "layouts" / "default",)
    covered = glyphs.coverage(root, dirs)
    assert covered is not None and {"é", "ñ", "“", "—", "€"} <= covered and "利" not in covered
    assert glyphs.coverage(root, dirs) is covered  # read once: `check` stays fast
    assert glyphs.missing("Perú — “ok” 利\u00ad\u200b", covered) == ["利"]  # invisible ones aside
