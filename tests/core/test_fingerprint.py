"""Skip and rebuild rules: what an unchanged issue is, and what makes it stale again."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from psgnews.compile import many
from psgnews.compile.one import BuildOptions
from psgnews.content import yamlread
from psgnews.content.load import load_issue
from psgnews.content.project import open_root
from psgnews.core import fingerprint
from tests.conftest import FIXTURES

TEXT = ("text",)


def build(project: Path, *, formats: tuple[str, ...] = TEXT, force: bool = False) -> dict[int, str]:
    """Build every sample issue in-process; return each issue's status."""
    root = open_root(project)
    results = many.build_many(root, many.BuildRequest((117, 118, 119), formats, force=force))
    return {r.number: r.status for r in results}


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def everything(status: str) -> dict[int, str]:
    return dict.fromkeys((117, 118, 119), status)


@pytest.fixture
def built(project: Path) -> Path:
    """The sample project, its plain-text outputs built once."""
    assert build(project) == everything(many.BUILT)
    return project


def test_an_unchanged_archive_is_skipped(built: Path) -> None:
    assert build(built) == everything(many.CURRENT)


def test_force_rebuilds_everything(built: Path) -> None:
    assert build(built, force=True) == everything(many.BUILT)


def test_editing_an_article_rebuilds_its_issue_only(built: Path) -> None:
    article = built / "issues" / "118" / "cocaine-figures-up.yaml"
    article.write_text(article.read_text() + "tags: [cocaine]\n")
    assert build(built) == {117: many.CURRENT, 118: many.BUILT, 119: many.CURRENT}


def test_a_new_image_in_the_issue_folder_rebuilds_it(built: Path) -> None:
    (built / "issues" / "119" / "images").mkdir()
    (built / "issues" / "119" / "images" / "photo.png").write_bytes(b"not yet used")
    assert build(built)[119] == many.BUILT


@pytest.mark.parametrize(
    "shared",
    ["psgnews.yaml", "issues/_standing/psg-aims.yaml", "layouts/default/partials/article.html.j2"],
)
def test_editing_what_every_issue_uses_rebuilds_them_all(built: Path, shared: str) -> None:
    path = built / shared
    path.write_text(path.read_text() + "\n")
    assert build(built) == everything(many.BUILT)


def test_asking_for_other_formats_rebuilds(built: Path) -> None:
    assert build(built, formats=("text", "email")) == everything(many.BUILT)


def test_a_deleted_output_is_rebuilt(built: Path) -> None:
    (built / "build" / "117" / "psg-update-117.txt").unlink()
    assert build(built) == {117: many.BUILT, 118: many.CURRENT, 119: many.CURRENT}
    assert (built / "build" / "117" / "psg-update-117.txt").is_file()


def test_an_output_edited_by_hand_is_rebuilt(built: Path) -> None:
    output = built / "build" / "119" / "psg-update-119.txt"
    original = output.read_bytes()
    output.write_bytes(original.replace(b"Update", b"Upd8"))
    assert build(built)[119] == many.BUILT
    assert output.read_bytes() == original


@pytest.mark.parametrize(
    "record", [b"", b"{not json", b"[]", b'{"schema": 1}', b"\xff\xfe", b'{"schema": 99}']
)
def test_a_corrupt_record_means_rebuild(built: Path, record: bytes) -> None:
    fingerprint.record_path(built / "build", "118").write_bytes(record)
    assert build(built) == {117: many.CURRENT, 118: many.BUILT, 119: many.CURRENT}
    assert build(built)[118] == many.CURRENT


def test_the_record_lists_every_output_with_its_digest(built: Path) -> None:
    record = fingerprint.read_record(built / "build" / ".psgnews" / "117.json")
    assert record is not None
    output = built / "build" / "117" / "psg-update-117.txt"
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    assert record.outputs == {"psg-update-117.txt": digest}
    assert record.layouts == {"117": ("default",)}
    assert names(built / "build" / "117") == ["psg-update-117.txt"]
    assert names(built / "build" / ".psgnews") == [
        f"{n}{kind}.json" for n in (117, 118, 119) for kind in ("", ".stat")
    ]


def test_a_no_op_build_reads_no_output_whose_stat_is_as_written(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    time.sleep(0.05)  # past the file system's clock tick: what it writes now is not racy
    assert build(built, force=True) == everything(many.BUILT)
    read: list[Path] = []
    digest = fingerprint.file_digest

    def noted(path: Path | str) -> str:
        read.append(Path(path))
        return digest(path)

    monkeypatch.setattr(fingerprint, "file_digest", noted)
    assert build(built) == everything(many.CURRENT)
    assert not [path for path in read if "build" in path.parts]


def test_an_output_edited_in_place_with_its_size_and_time_put_back_is_rebuilt(
    built: Path,
) -> None:
    output = built / "build" / "119" / "psg-update-119.txt"
    original, before = output.read_bytes(), output.stat()
    with output.open("r+b") as f:  # the same file, the same size: only the change time tells
        f.write(b"X")
    os.utime(output, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert output.stat().st_size == before.st_size
    assert build(built)[119] == many.BUILT
    assert output.read_bytes() == original


def test_a_stat_kept_with_another_record_is_not_trusted(built: Path) -> None:
    record = fingerprint.record_path(built / "build", "117")
    assert fingerprint.read_record(record).stamps  # type: ignore[union-attr]
    record.write_text(record.read_text().replace('"schema"', ' "schema"'))
    assert fingerprint.read_record(record).stamps == {}  # type: ignore[union-attr]


def test_a_kept_stat_of_another_shape_only_has_the_output_read(built: Path) -> None:
    out = built / "build"
    stat_file = fingerprint.record_path(out, "117").with_name("117.stat.json")
    kept = json.loads(stat_file.read_bytes())
    text = out / "117" / "psg-update-117.txt"
    for stamp in ("a string", [1, 2], {"st_ino": 1}, [*kept["stamps"][text.name][:4], "x"]):
        stat_file.write_text(json.dumps(kept | {"stamps": {text.name: stamp}}))
        assert build(built)[117] == many.CURRENT  # read and hashed: the bytes are the build's
    stat_file.write_text(json.dumps(kept | {"stamps": {text.name: "a string"}}))
    text.write_text("edited by hand\n")
    assert build(built)[117] == many.BUILT


def test_an_output_is_current_from_any_build_until_a_source_changes(built: Path) -> None:
    out, digests = built / "build", fingerprint.SourceDigests
    assert fingerprint.output_is_current(built, out, 117, "psg-update-117.txt", digests())
    assert not fingerprint.output_is_current(built, out, 117, "psg-update-117.html", digests())
    build(built, formats=("email", "text"))  # other settings: recorded, and used to check
    for name in ("psg-update-117.txt", "psg-update-117.html"):
        assert fingerprint.output_is_current(built, out, 117, name, digests())
    issue_yaml = built / "issues" / "117" / "issue.yaml"
    issue_yaml.write_text(issue_yaml.read_text() + "# edited after the build\n")
    assert not fingerprint.output_is_current(built, out, 117, "psg-update-117.txt", digests())
    assert fingerprint.output_is_current(built, out, 118, "psg-update-118.txt", digests())


def test_the_fingerprint_covers_the_whole_layout_chain(built: Path) -> None:
    shutil.copytree(FIXTURES / "layout-2006", built, dirs_exist_ok=True)
    assert build(built) == {117: many.CURRENT, 118: many.BUILT, 119: many.CURRENT}
    override = built / "layouts" / "2006" / "partials" / "masthead-text.html.j2"
    override.write_text(override.read_text().replace("2006 look", "look of 2006"))
    assert build(built) == {117: many.CURRENT, 118: many.BUILT, 119: many.CURRENT}
    parent = built / "layouts" / "default" / "text.txt.j2"
    parent.write_text(parent.read_text() + "\n")
    assert build(built) == everything(many.BUILT)


def test_removing_the_projects_default_layout_rebuilds_with_the_shipped_one(built: Path) -> None:
    before = (built / "build" / "119" / "psg-update-119.txt").read_bytes()
    shutil.rmtree(built / "layouts")
    assert build(built) == everything(many.BUILT)  # not an issue cached with the removed folder
    assert (built / "build" / "119" / "psg-update-119.txt").read_bytes() == before


def test_the_fingerprint_does_not_depend_on_where_the_project_is(
    built: Path, tmp_path: Path
) -> None:
    moved = shutil.copytree(built, tmp_path / "elsewhere")
    here = fingerprint.issue_digest(built, 117, ["default"], fingerprint.SourceDigests())
    assert fingerprint.issue_digest(moved, 117, ["default"], fingerprint.SourceDigests()) == here
    assert build(moved) == everything(many.CURRENT)
    assert load_issue(open_root(moved), 117).digest == here


def test_the_fingerprint_covers_every_module_of_psgnews() -> None:
    package = Path(fingerprint.__file__).parents[1]
    modules = {f"psgnews/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
    covered = {line.split()[0] for line in fingerprint.versions() if line.startswith("psgnews/")}
    assert "psgnews/render/documents.py" in covered and covered == modules


def test_an_unchanged_archive_is_skipped_without_reading_any_yaml(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES / "layout-2006", built, dirs_exist_ok=True)
    assert build(built)[118] == many.BUILT

    def refuse(path: Path, display: str) -> None:
        raise AssertionError(f"{display} was parsed")

    monkeypatch.setattr(yamlread, "read", refuse)
    assert build(built) == everything(many.CURRENT)


def test_a_record_that_names_no_layout_chain_means_rebuild(built: Path) -> None:
    record = fingerprint.record_path(built / "build", "119")
    for layouts in ({}, {"119": ["../../.."]}, {"119": "default"}):
        found = json.loads(record.read_bytes())
        record.write_text(json.dumps(found | {"layouts": layouts}))
        assert build(built)[119] == many.BUILT


def test_a_device_or_fifo_among_the_sources_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "random.png").symlink_to("/dev/urandom")
    os.mkfifo(tmp_path / "pipe.png")
    assert fingerprint.file_digest(tmp_path / "random.png") == "not a regular file"
    assert fingerprint.file_digest(tmp_path / "pipe.png") == "not a regular file"
    assert fingerprint.file_digest(tmp_path / "absent.png") == "missing"


def test_a_linked_folder_or_one_inside_a_linked_folder_is_not_walked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "119").mkdir(parents=True)
    (outside / "119" / "a.yaml").write_text("title: elsewhere\n")
    issues = tmp_path / "project" / "issues"
    (issues / "118").mkdir(parents=True)
    (issues / "118" / "a.yaml").write_text("title: here\n")
    (issues / "119").symlink_to(outside / "119")
    (issues / "_series").symlink_to(outside)
    sources = fingerprint.SourceDigests()
    assert sources.tree(issues / "118", "118") == [
        f"118/a.yaml {fingerprint.file_digest(issues / '118' / 'a.yaml')}"
    ]
    assert sources.tree(issues / "119", "119") == ["119/ symbolic link"]
    assert sources.tree(issues / "_series" / "119", "s") == ["s/ symbolic link"]
    assert sources.tree(issues / "117", "117") == []


def test_a_record_found_current_is_not_read_again_in_the_run(built: Path) -> None:
    assert build(built, force=True) == everything(many.BUILT)
    sources = fingerprint.SourceDigests()
    out, settings = built / "build", many.settings(TEXT, BuildOptions())
    assert fingerprint.is_current(built, out, 119, settings, sources)
    assert not fingerprint.is_current(built, out, 119, ["email"], sources)
    path = fingerprint.record_path(out, "119")
    path.write_text("not a record")  # another build's, after this run found 119 current
    assert fingerprint.current_record(path, sources) is sources.records[path]
    assert fingerprint.current_record(path, fingerprint.SourceDigests()) is None


def test_the_code_in_every_package_of_psgnews_is_part_of_the_versions() -> None:
    # Outputs and the cache of checked content are current only for the code that made them.
    lines = fingerprint.versions()
    for module in ("content/schema.py", "render/documents.py", "core/paths.py", "compile/one.py"):
        assert any(line.startswith(f"psgnews/{module} ") for line in lines), module
