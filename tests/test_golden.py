"""The whole sample build, every output but the PDF, against the folder tests/golden/sample/.

Like Pelican's tests/output/: issues 117-119 are built from a copy of the sample
project (email HTML, plain text and .eml of each, and every page of the web
archive) and the folder is compared with the committed one, file list and bytes.
After an intended change, regenerate it with `make golden`
(PSGNEWS_REGENERATE_GOLDEN=1) and review the diff before committing.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from psgnews.core.fingerprint import RECORDS
from psgnews.site import websearch
from tests.conftest import Run

GOLDEN = Path(__file__).resolve().parent / "golden" / "sample"
REGENERATE = os.environ.get("PSGNEWS_REGENERATE_GOLDEN") == "1"
NUMBERS = (117, 118, 119)
# The PDF is left out: its bytes come from WeasyPrint and fonts, which tests/render/pdf/ covers.
FORMATS = "email,text,eml"
SHOWN = 3  # differing files whose diff a failure shows


def files(folder: Path) -> dict[str, bytes]:
    """Return every file below `folder` by its path under it, but the build records and Pagefind's.

    The records (<out>/.psgnews/) hold fingerprints of psgnews's own code and
    libraries, which change with every commit; they shape no output. The search
    bundles (web/pagefind*/) are Pagefind's binary index, whose bytes
    tests/site/test_websearch.py covers, as tests/render/pdf/ covers the PDF's. The web
    font (web/fonts/*.woff2) is the layout's file copied, as tests/site/test_archive.py checks.
    """
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and path.relative_to(folder).parts[0] != RECORDS
        and not path.relative_to(folder).as_posix().startswith(f"web/{websearch.FOLDER}")
        and path.suffix != ".woff2"
    }


def unified(name: str, golden: bytes, built: bytes) -> str:
    """Return the unified diff of file `name` from its golden bytes to the built ones."""
    lines = difflib.unified_diff(
        golden.decode(errors="replace").splitlines(keepends=True),
        built.decode(errors="replace").splitlines(keepends=True),
        f"golden/sample/{name}",
        f"built/{name}",
    )
    return "".join(lines)


def differences(golden: dict[str, bytes], built: dict[str, bytes]) -> str:
    """Return what differs between the two trees: missing and extra files, then the first diffs."""
    report = [f"missing from the build: {name}" for name in sorted(golden.keys() - built.keys())]
    report += [f"not in the golden folder: {name}" for name in sorted(built.keys() - golden.keys())]
    changed = [name for name in sorted(golden.keys() & built.keys()) if golden[name] != built[name]]
    report += [unified(name, golden[name], built[name]) for name in changed[:SHOWN]]
    report += [f"... and {len(changed) - SHOWN} more differing files"] if changed[SHOWN:] else []
    return "\n".join(report)


def build_sample(project: Path, out: Path, run: Run) -> dict[str, bytes]:
    """Build every issue of `project` and its web archive into `out`; return the files."""
    build = ("build", "--all", "--format", FORMATS, "--out", out, "--jobs", "1", "--quiet")
    result = run("--root", project, *build)
    assert result.exit_code == 0, result.output
    return files(out)


def test_sample_build_matches_golden_folder(project: Path, tmp_path: Path, run: Run) -> None:
    built = build_sample(project, tmp_path / "out", run)
    if REGENERATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in built.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    assert GOLDEN.is_dir(), "no golden folder tests/golden/sample/: run `make golden`"
    report = differences(files(GOLDEN), built)
    assert not report, f"the build differs from tests/golden/sample/:\n{report}"


def test_golden_folder_holds_every_output_but_the_pdf() -> None:
    names = set(files(GOLDEN))
    for n in NUMBERS:
        assert {f"{n}/psg-update-{n}.{kind}" for kind in ("html", "txt", "eml")} <= names
        assert f"web/{n}/index.html" in names
    assert {"web/index.html", "web/feed.xml", "web/sections/news.html"} <= names
    assert not [name for name in names if name.endswith(".pdf")]


def test_without_layouts_the_shipped_default_builds_the_same_folder(
    project: Path, tmp_path: Path, run: Run
) -> None:
    shutil.rmtree(project / "layouts")
    report = differences(files(GOLDEN), build_sample(project, tmp_path / "out", run))
    assert not report, f"the build differs from tests/golden/sample/:\n{report}"
