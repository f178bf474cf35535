from __future__ import annotations

import io
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

import click
import pytest
from pypdf import PdfReader

from psgnews.cli import cli
from tests.conftest import Run, run_process


def test_build_writes_only_the_formats_asked_for(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "119", "--format", "email,text,eml")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (project / "build" / "119").iterdir())
    assert names == ["psg-update-119.eml", "psg-update-119.html", "psg-update-119.txt"]


def test_build_unknown_issue_lists_the_issues(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "999")
    assert result.exit_code == 1
    assert "no issue 999 (issues: 117, 118, 119)" in result.output


def test_console_script_builds_in_a_subprocess(project: Path) -> None:
    done = run_process("build", "119", "--format", "text", cwd=project / "issues")
    assert done.returncode == 0, done.stderr
    assert (project / "build" / "119" / "psg-update-119.txt").is_file()


def test_version_and_help(run: Run) -> None:
    assert run("--version").output.startswith("psgnews, version ")
    helped = run("--help").output
    assert "Examples:" in helped and "psgnews build 119" in helped
    for command in ("build", "check", "new", "list"):
        assert command in helped


def test_check_and_list_the_sample(project: Path, run: Run) -> None:
    checked = run("--root", project, "check")
    assert checked.exit_code == 0
    assert checked.output == "ok: 3 issues, 9 articles\nok: 1 briefing (issues/_briefings/)\n"
    listed = run("--root", project, "list").output.splitlines()
    assert listed == [
        "  117  30 September 2006   5 articles",
        "  118  30 November 2006    2 articles",
        "  119  31 January 2007     2 articles",
        "1 briefing, 2006 (issues/_briefings/)",
    ]


def test_check_names_folders_no_command_would_read(project: Path, run: Run) -> None:
    (project / "issues" / "120").mkdir()  # started by hand, without its issue.yaml
    (project / "issues" / "12O").mkdir()  # a letter O for a zero
    (project / "issues" / "12²").mkdir()  # a digit to Python's str.isdigit, not to int()
    (project / "issues" / "012").mkdir()  # would be issue 12, whose folder is issues/12/
    (project / "issues" / "_drafts").mkdir()  # the editors' own: left alone
    (project / "issues" / "119" / "issue.yaml").write_text("number: 119\n")
    checked = run("--root", project, "check")
    assert checked.exit_code == 1
    lines = checked.output.splitlines()
    assert "issues/119/issue.yaml:1:1: date: required field is missing" in lines
    assert any(line.startswith("issues/120/:1:1: has no issue.yaml; start") for line in lines)
    for name in ("12O", "12²", "012"):
        assert any(line.startswith(f"issues/{name}/:1:1: is not an issue folder") for line in lines)
    assert not any("_drafts" in line for line in lines)
    assert run("--root", project, "check", "118").exit_code == 0  # named issues only


def test_bad_usage_exits_2(project: Path, run: Run) -> None:
    assert run("--root", project, "build").exit_code == 2
    assert run("--root", project, "build", "119-117").exit_code == 2
    assert run("--root", project, "build", "one").exit_code == 2


def test_root_is_found_upward_and_errors_have_no_traceback(project: Path) -> None:
    (project / "issues" / "119" / "issue.yaml").write_text("number: 119\ndate: 31st Jan\n")
    done = run_process("check", "119", cwd=project / "issues" / "119")
    assert done.returncode == 1
    assert 'issues/119/issue.yaml:2:7: date: not a date ("31st Jan")' in done.stderr
    assert "Traceback" not in done.stderr


def test_build_help_names_the_email_options(run: Run) -> None:
    result = run("build", "--help")
    assert "--attach-pdf" in result.output and "--allow-clipping" in result.output


@pytest.mark.slow
def test_attach_pdf_writes_the_pdf_variant_with_the_real_pdf(project: Path, run: Run) -> None:
    result = run("--root", project, "build", "118", "--format", "eml", "--attach-pdf")
    assert result.exit_code == 0, result.output
    folder = project / "build" / "118"
    assert sorted(p.name for p in folder.iterdir()) == [
        "psg-update-118-pdf.eml",
        "psg-update-118.eml",
    ]
    msg = BytesParser(policy=default).parsebytes((folder / "psg-update-118-pdf.eml").read_bytes())
    assert all(not part.defects for part in msg.walk())
    attachment = next(msg.iter_attachments())
    pdf = PdfReader(io.BytesIO(attachment.get_content()))
    assert "Update 118" in pdf.pages[0].extract_text()


def test_every_option_with_fixed_values_lists_them_in_help(run: Run) -> None:
    for name, command in sorted(cli.commands.items()):
        for param in command.params:
            if isinstance(param.type, click.Choice) and isinstance(param, click.Option):
                shown = run(name, "--help").output.replace("\n", " ")
                assert all(str(c) in shown for c in param.type.choices), (name, param.name)
    shown = " ".join(run("build", "--help").output.split())
    assert "any of: pdf, email, text, eml" in shown


def test_a_misspelt_file_name_gets_a_did_you_mean(project: Path, run: Run) -> None:
    (project / "members.csv").write_text("email,name,format,status\n")
    result = run("--root", project, "send", "119", "--members", project / "membres.csv")
    assert result.exit_code == 2
    assert "does not exist; did you mean 'members.csv'?" in result.output
