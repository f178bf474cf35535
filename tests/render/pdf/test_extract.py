"""psgnews extract: only psgnews source paths, only into a new folder."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


@pytest.fixture(scope="module")
def sources_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A small PDF carrying sources, as the seed the fuzzing below mutates."""
    folder = tmp_path_factory.mktemp("seed")
    files = {"psgnews.yaml": b"publication: x\n", "issues/5/issue.yaml": b"number: 5\n"}
    return pdf_with(folder, files).read_bytes()


# Fuzzing: a crafted or damaged PDF gives one ExtractError, never an exception that
# `psgnews` reports as "internal error" (8 % of mutated PDFs did).
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_any_mutated_pdf_gives_sources_or_one_extract_error(
    sources_pdf: bytes, data: st.DataObject
) -> None:
    pdf = bytearray(sources_pdf)
    marks = [m.start() for m in re.finditer(rb"/(EmbeddedFiles|EF|Names|F|Type|Length)\b", pdf)]
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.sampled_from(marks) | st.integers(0, len(pdf) - 1))
        at = min(at + data.draw(st.integers(0, 12)), len(pdf) - 1)
        cut = data.draw(st.integers(0, 6))
        pdf[at : at + cut] = data.draw(st.binary(max_size=6))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.pdf"
        path.write_bytes(bytes(pdf))
        try:
            files = extract.attachments(path)
        except ExtractError as e:
            assert str(e).startswith(f"{path}: ") and "\n" not in str(e)
        else:
            assert all(isinstance(n, str) and isinstance(d, bytes) for n, d in files.items())
