"""psgnews extract: only psgnews source paths, only into a new folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter

from psgnews.errors import ExtractError
from psgnews.render.pdf import extract


def pdf_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    for name, data in files.items():
        writer.add_attachment(name, data)
    path = tmp_path / "in.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


def test_writes_sources_and_layouts_into_a_new_root(tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    (layouts / "default").mkdir(parents=True)
    (layouts / "default" / "print.css").write_text("p {}")
    pdf = pdf_with(tmp_path, {"psgnews.yaml": b"a", "issues/5/issue.yaml": b"b"})
    written = extract.extract(pdf, tmp_path / "out", layouts)
    assert [p.relative_to(tmp_path / "out").as_posix() for p in written] == [
        "issues/5/issue.yaml",
        "psgnews.yaml",
    ]
    assert (tmp_path / "out" / "layouts" / "default" / "print.css").read_text() == "p {}"


def test_a_project_without_layouts_gives_a_root_without_them(tmp_path: Path) -> None:
    pdf = pdf_with(tmp_path, {"psgnews.yaml": b"a"})
    extract.extract(pdf, tmp_path / "out", tmp_path / "layouts")  # the shipped default serves
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["psgnews.yaml"]


@pytest.mark.parametrize(
    "name", ["../evil.yaml", "/etc/evil", "issues/5/../../x", "issues/5/./x", "notes.txt"]
)
def test_refuses_paths_outside_a_root(tmp_path: Path, name: str) -> None:
    pdf = pdf_with(tmp_path, {"psgnews.yaml": b"a", name: b"b"})
    with pytest.raises(ExtractError, match="not a psgnews source path"):
        extract.extract(pdf, tmp_path / "out", tmp_path / "layouts")
    assert not (tmp_path / "out").exists()


def test_refuses_a_pdf_without_sources(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="carries no psgnews sources"):
        extract.attachments(pdf_with(tmp_path, {}))


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    pdf = pdf_with(tmp_path, {"psgnews.yaml": b"a"})
    with pytest.raises(ExtractError, match="not empty"):
        extract.extract(pdf, tmp_path / "out", tmp_path / "layouts")
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


def test_refuses_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"not a pdf")
    with pytest.raises(ExtractError, match="not a readable PDF"):
        extract.attachments(path)
