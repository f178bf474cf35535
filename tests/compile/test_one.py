from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from psgnews.content.project import open_root
from psgnews.core.errors import UnsafePathError
from psgnews.core.write import write_all
from tests.conftest import SAMPLE, Run


@pytest.mark.slow
def test_full_build_makes_a_pdf_with_every_title_in_order(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "117")
    assert result.exit_code == 0, result.output
    folder = project / "build" / "117"
    assert sorted(p.suffix for p in folder.iterdir()) == [".eml", ".html", ".pdf", ".txt"]
    reader = PdfReader(folder / "psg-update-117.pdf")
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert reader.metadata is not None
    assert reader.metadata.title == "Peru Support Group Update 117 — 30 September 2006"
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    titles = [
        "Peruvian NGO attacked for promoting transparency",
        "Protests at Peru’s biggest goldmine",
        "British Council leave Peru",
        "Ex-Ambassador appointed chairman of Monterrico Metals",
        "Montesinos sentenced to 20 years in prison",
    ]
    listed = [text.find(title) for title in titles]  # "In this issue"
    assert -1 not in listed, text
    assert listed == sorted(listed)
    printed = [text.find(title, listed[-1] + 1) for title in titles]  # the articles themselves
    assert -1 not in printed, text
    assert printed == sorted(printed)


@pytest.mark.slow
def test_email_only_build_never_imports_weasyprint(project: Path) -> None:
    code = (
        "import sys\n"
        "from psgnews.compile.one import build_issue\n"
        "from psgnews.content.project import open_root\n"
        f"build_issue(open_root(__import__('pathlib').Path({str(project)!r})), 119, ['email', 'text', 'eml'])\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (project / "build" / "119" / "psg-update-119.eml").is_file()


@pytest.mark.slow
def test_an_issue_read_back_from_the_cache_converts_no_markdown(project: Path) -> None:
    code = (
        "import sys\n"
        "from psgnews.compile.one import build_issue\n"
        "from psgnews.content.project import open_root\n"
        f"build_issue(open_root(__import__('pathlib').Path({str(project)!r})), 119, ['email'])\n"
        "print('markdown_it' in sys.modules)\n"
    )
    first, second = (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(2)
    )
    assert first.stdout.split()[-1] == "True"  # checked and converted, then kept
    assert second.stdout.split()[-1] == "False", second.stderr


def test_out_puts_issue_folders_elsewhere(project: Path, tmp_path: Path, run: Run) -> None:
    result = run(
        "--root", project, "build", "118", "--format", "text", "--out", tmp_path / "elsewhere"
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "elsewhere" / "118" / "psg-update-118.txt").is_file()
    assert not (project / "build").exists()


def test_unknown_format_is_a_usage_error(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "119", "--format", "pdf,fax")
    assert result.exit_code == 2
    assert "choose from pdf,email,text,eml" in result.output


def test_failed_write_keeps_earlier_outputs_and_leaves_no_temp_files(tmp_path: Path) -> None:
    folder = tmp_path / "119"
    write_all(folder, {"a.txt": b"old a", "b.txt": b"old b"})
    (folder / "c.txt").mkdir()  # replacing a folder with a file fails
    with pytest.raises(UnsafePathError, match=f"cannot write in {folder}: Is a directory"):
        write_all(folder, {"c.txt": b"new c", "a.txt": b"new a"})
    assert (folder / "a.txt").read_bytes() == b"old a"
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt", "c.txt"]


def test_script_in_title_is_escaped_and_raw_html_in_body_sanitised(project: Path, run: Run) -> None:
    article = project / "issues" / "119" / "69-congresspersons-vote-to-support-trc.yaml"
    article.write_text(
        'title: "<script>alert(1)</script> & co"\nsection: News\nsummary: "<b>bold?</b>"\n'
        "body: |\n  Hello <script>alert(2)</script><b onmouseover=alert(3)>bold</b> world\n",
        encoding="utf-8",
    )
    result = run("--root", project, "build", "119", "--format", "email,text")
    assert result.exit_code == 0, result.output
    html = (project / "build" / "119" / "psg-update-119.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html
    assert "alert(2)" not in html and "onmouseover" not in html
    text = (project / "build" / "119" / "psg-update-119.txt").read_text()
    assert "<script>alert(1)</script> & co" in text
    assert "&lt;" not in text and "&amp;" not in text


def test_sample_archive_checks_clean(run: Run) -> None:
    assert open_root(SAMPLE).issue_numbers() == [117, 118, 119]
    result = run("--root", SAMPLE, "check")
    assert result.exit_code == 0, result.output
    assert result.output == "ok: 3 issues, 9 articles\nok: 1 briefing (issues/_briefings/)\n"
