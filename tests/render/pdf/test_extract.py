"""psgnews extract: only psgnews source paths, only into a new folder."""

from __future__ import annotations

import re
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from psgnews.core.errors import ExtractError
from psgnews.render.pdf import extract
from psgnews.render.pdf.sources import RELAY_LEFT_OUT


def pdf_with(tmp_path: Path, files: dict[str, bytes], *, compressed: bool = False) -> Path:
    """Write a PDF with `files` attached (Flate-compressed, as WeasyPrint attaches them)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    for name, data in files.items():
        attached = writer.add_attachment(name, b"" if compressed else data)
        if compressed:
            stream = DecodedStreamObject()
            stream.set_data(data)
            encoded = stream.flate_encode(level=9)
            encoded[NameObject("/Type")] = NameObject("/EmbeddedFile")
            streams = attached.pdf_object["/EF"]
            assert isinstance(streams, DictionaryObject)
            writer._replace_object(streams.raw_get("/F"), encoded)
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


def test_a_layout_linking_outside_itself_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_text("private")
    layouts = tmp_path / "layouts"
    (layouts / "default").mkdir(parents=True)
    (layouts / "default" / "print.css").write_text("p {}")
    (layouts / "default" / "same.css").symlink_to("print.css")  # inside: copied as its bytes
    pdf = pdf_with(tmp_path, {"psgnews.yaml": b"a"})
    extract.extract(pdf, tmp_path / "good", layouts)
    assert (tmp_path / "good/layouts/default/same.css").read_text() == "p {}"
    (layouts / "default" / "key.css").symlink_to(secret)
    with pytest.raises(ExtractError, match=r"key\.css: links outside the layouts"):
        extract.extract(pdf, tmp_path / "out", layouts)
    assert not (tmp_path / "out").exists()


def test_a_project_without_layouts_gives_a_root_without_them(tmp_path: Path) -> None:
    pdf = pdf_with(tmp_path, {"psgnews.yaml": b"a"})
    extract.extract(pdf, tmp_path / "out", tmp_path / "layouts")  # the shipped default serves
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["psgnews.yaml"]


@pytest.mark.parametrize(
    "name",
    [
        "../evil.yaml",
        "/etc/evil",
        "issues/5/../../x",
        "issues/5/./x",
        "notes.txt",
        # A working git repository, with a core.fsmonitor command any `git status` would run.
        "issues/_standing/.git/config",
        "issues/5/.git/hooks/post-checkout",
        "issues/5/.envrc",
        "issues/5/images/.hidden.png",
        "issues/5/Makefile",
        "issues/5/notes.txt",
        "issues/5/Not A Name.yaml",
        "issues/5/images/river.yaml",
        "issues/_standing/images/river.png",
        "issues/_briefings/2006-01-01-x.yaml",
        "issues/_standing/-x.yaml",
        "layouts/default/email.html.j2",
        ".psgnews/119.json",
        f"issues/5/{'a' * 300}.png",
    ],
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


def test_takes_every_name_a_psgnews_root_holds(tmp_path: Path) -> None:
    names = [
        "psgnews.yaml",
        "issues/5/issue.yaml",
        "issues/5/river-survey.yaml",
        "issues/_standing/psg-aims.yaml",
        "issues/5/images/river.png",
        "issues/5/images/2006/Map_of-Peru.v2.JPG",
        "issues/5/photo.jpeg",
        "issues/5/diagram.svg",
    ]
    pdf = pdf_with(tmp_path, dict.fromkeys(names, b"x"))
    assert sorted(extract.attachments(pdf)) == sorted(names)


def test_refuses_a_file_over_the_limit_without_decompressing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 10 MB of zeros compress to 10 KB: the bomb is found by decompressing, so stop at the limit.
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 100_000)
    files = {"psgnews.yaml": b"a", "issues/5/images/zeros.png": bytes(10_000_000)}
    pdf = pdf_with(tmp_path, files, compressed=True)
    tracemalloc.start()
    try:
        with pytest.raises(ExtractError, match=r"'issues/5/images/zeros.png': over 97 KiB"):
            extract.extract(pdf, tmp_path / "out", tmp_path / "layouts")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3_000_000
    assert not (tmp_path / "out").exists()


def test_refuses_yaml_over_what_psgnews_would_read(tmp_path: Path) -> None:
    files = {"psgnews.yaml": b"a", "issues/5/issue.yaml": b"#" * (1024 * 1024 + 1)}
    with pytest.raises(ExtractError, match=r"'issues/5/issue\.yaml': over 1024 KiB"):
        extract.attachments(pdf_with(tmp_path, files, compressed=True))


def test_refuses_more_than_the_total_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_TOTAL_BYTES", 250_000)
    files = {"psgnews.yaml": b"a"} | {f"issues/5/{n}.png": bytes(100_000) for n in range(3)}
    with pytest.raises(ExtractError, match=r"over 244 KiB in all"):
        extract.attachments(pdf_with(tmp_path, files, compressed=True))


def test_refuses_more_files_than_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_FILES", 3)
    files = {"psgnews.yaml": b"a"} | {f"issues/5/{n}.png": b"x" for n in range(3)}
    with pytest.raises(ExtractError, match="carries over 3 files; psgnews extracts at most 3"):
        extract.attachments(pdf_with(tmp_path, files))


@pytest.mark.slow
def test_the_reported_bomb_is_refused_at_the_default_limits(tmp_path: Path) -> None:
    # As found: 40 attachments of 74 MB of zeros, a small PDF that used 3 GB and wrote 2.8 GB.
    files = {"psgnews.yaml": b"a"} | {f"issues/5/{n}.png": bytes(74_000_000) for n in range(2)}
    pdf = pdf_with(tmp_path, files, compressed=True)
    with pytest.raises(ExtractError, match="over 64 MiB"):
        extract.extract(pdf, tmp_path / "out", tmp_path / "layouts")
    assert not (tmp_path / "out").exists()


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


@pytest.mark.parametrize(
    "settings",
    [
        b"name: PSG\nsmtp:\n  host: relay.attacker.example\n",
        b'name: PSG\n"smtp": {host: relay.attacker.example}\n',
        b"{name: PSG, smtp: {host: relay.attacker.example}}\n",
        b"---\nname: PSG\n? smtp\n: {host: relay.attacker.example}\n",
    ],
)
def test_refuses_settings_that_choose_the_relay(tmp_path: Path, settings: bytes) -> None:
    pdf = pdf_with(tmp_path, {"psgnews.yaml": settings, "issues/5/issue.yaml": b"b"})
    with pytest.raises(ExtractError, match=r"psgnews\.yaml.*smtp.*never carries"):
        extract.extract(pdf, tmp_path / "out", tmp_path / "layouts")
    assert not (tmp_path / "out").exists()


def test_takes_settings_whose_relay_was_left_out(tmp_path: Path) -> None:
    settings = b"name: PSG\n" + RELAY_LEFT_OUT + b"sender: {name: PSG}\n"
    pdf = pdf_with(tmp_path, {"psgnews.yaml": settings})
    extract.extract(pdf, tmp_path / "out", tmp_path / "layouts")
    assert (tmp_path / "out" / "psgnews.yaml").read_bytes() == settings
