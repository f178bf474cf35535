"""Back issues keep their look: a pinned layout overrides only what differs from its parent."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from psgnews.content.load import load_issue
from psgnews.content.project import open_root
from psgnews.core.errors import ContentError, RenderError
from psgnews.core.paths import shipped_layout
from psgnews.render import documents, layouts
from psgnews.site import archive
from tests.conftest import FIXTURES, Run


@pytest.fixture
def pinned(project: Path) -> Path:
    """The sample project with Update 118 pinned to `layout: 2006` (which extends default)."""
    shutil.copytree(FIXTURES / "layout-2006", project, dirs_exist_ok=True)
    return project


def test_a_pinned_issue_takes_its_layout_then_the_parent(pinned: Path) -> None:
    root = open_root(pinned)
    issue = load_issue(root, 118)
    assert issue.layout == ("2006", "default")
    email = documents.email_html(issue)
    assert "the 2006 look" in email  # the overridden masthead
    assert "In this issue" in email and 'id="cocaine-figures-up"' in email  # the parent's
    assert "the 2006 look" in documents.print_html(issue)
    assert "the 2006 look" not in documents.email_html(load_issue(root, 119))


def test_the_web_page_of_a_pinned_issue_keeps_its_look(pinned: Path) -> None:
    archive.publish(open_root(pinned))
    top = pinned / "build" / "web"
    assert "the 2006 look" in (top / "118" / "index.html").read_text()
    assert "the 2006 look" not in (top / "117" / "index.html").read_text()


def test_a_missing_layout_is_reported_at_the_issues_layout_line(pinned: Path) -> None:
    shutil.rmtree(pinned / "layouts" / "2006")
    with pytest.raises(ContentError) as caught:
        load_issue(open_root(pinned), 118)
    assert "issues/118/issue.yaml:6:9: layout: no layout '2006' (layouts: default)" in str(
        caught.value
    )


def test_a_layout_may_extend_another_pinned_layout(pinned: Path) -> None:
    later = pinned / "layouts" / "2006b"
    later.mkdir()
    (later / "layout.yaml").write_text("extends: 2006\n")
    issue_yaml = pinned / "issues" / "118" / "issue.yaml"
    issue_yaml.write_text(issue_yaml.read_text().replace("layout: 2006", "layout: 2006b"))
    issue = load_issue(open_root(pinned), 118)
    assert issue.layout == ("2006b", "2006", "default")
    assert "the 2006 look" in documents.email_html(issue)


def test_a_missing_template_names_every_folder_searched(pinned: Path, run: Run) -> None:
    (pinned / "layouts" / "default" / "text.txt.j2").unlink()
    result = run("--root", pinned, "build", "118", "--format", "text")
    assert result.exit_code == 1
    assert "template 'text.txt.j2' not found; looked in: " in result.output
    assert f"{pinned / 'layouts' / '2006'}, {pinned / 'layouts' / 'default'}" in result.output
    assert "Traceback" not in result.output


def test_a_template_error_names_its_file_and_line(pinned: Path, run: Run) -> None:
    masthead = pinned / "layouts" / "2006" / "partials" / "masthead-text.html.j2"
    masthead.write_text("<p>{{ config.publication }</p>\n")
    result = run("--root", pinned, "build", "118", "--format", "email")
    assert result.exit_code == 1
    assert f"{masthead}:1: template error" in result.output


@pytest.mark.parametrize(
    "reach",
    [
        "cycler.__init__.__globals__.os.system('touch {marker}')",
        "''.__class__.__mro__[1].__subclasses__()",
        "config.__class__.__init__.__globals__",
    ],
)
def test_a_template_cannot_reach_python(pinned: Path, run: Run, tmp_path: Path, reach: str) -> None:
    # A layout comes with the project, which may come from someone else.
    marker = tmp_path / "ran"
    masthead = pinned / "layouts" / "2006" / "partials" / "masthead-text.html.j2"
    masthead.write_text("<p>{{ " + reach.format(marker=marker) + " }}</p>\n")
    result = run("--root", pinned, "build", "118", "--format", "email")
    assert result.exit_code == 1
    assert "unsafe" in result.output and "Traceback" not in result.output
    assert not marker.exists()


def test_layouts_that_extend_each_other_in_a_loop_are_refused(pinned: Path) -> None:
    (pinned / "layouts" / "default" / "layout.yaml").write_text("extends: 2006\n")
    with pytest.raises(ContentError, match="layouts extend in a loop"):
        load_issue(open_root(pinned), 118)


def test_a_project_without_layouts_uses_the_shipped_default(project: Path) -> None:
    assert load_issue(open_root(project), 119).layout_dirs == (project / "layouts" / "default",)
    shutil.rmtree(project / "layouts")
    issue = load_issue(open_root(project), 119)
    assert issue.layout_dirs == (shipped_layout(),)
    assert (shipped_layout() / "email.html.j2").is_file()
    assert "Update 119" in documents.email_html(issue)


def test_without_layouts_a_missing_layout_names_the_shipped_default(pinned: Path) -> None:
    shutil.rmtree(pinned / "layouts")
    with pytest.raises(ContentError, match=r"no layout '2006' \(layouts: default\)"):
        load_issue(open_root(pinned), 118)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A layout folder outside the project, whose templates say so."""
    outside = tmp_path / "elsewhere"
    shutil.copytree(shipped_layout(), outside)
    masthead = outside / "partials" / "masthead-text.html.j2"
    masthead.write_text("<p>rendered from outside the project</p>\n")
    return outside


@pytest.mark.parametrize("extends", ["/elsewhere", "../../../..", "2006/../.."])
def test_extends_names_a_layout_not_a_path(pinned: Path, elsewhere: Path, extends: str) -> None:
    target = str(elsewhere) if extends == "/elsewhere" else extends
    (pinned / "layouts" / "2006" / "layout.yaml").write_text(f"extends: '{target}'\n")
    start = time.monotonic()
    with pytest.raises(ContentError) as caught:
        load_issue(open_root(pinned), 118)
    assert time.monotonic() - start < 5  # refused by its name, before any folder is read
    message = str(caught.value)
    assert f"layouts/2006/layout.yaml:1:10: extends: '{target}' is not a layout" in message


def test_an_issues_layout_names_a_layout_not_a_path(pinned: Path) -> None:
    issue_yaml = pinned / "issues" / "118" / "issue.yaml"
    issue_yaml.write_text(
        issue_yaml.read_text().replace("layout: 2006", 'layout: "../../../../usr"')
    )
    start = time.monotonic()
    with pytest.raises(ContentError, match=r"issues/118/issue.yaml:6:9: layout: '\.\./"):
        load_issue(open_root(pinned), 118)
    assert time.monotonic() - start < 5


def test_a_layout_folder_that_is_a_link_is_refused(pinned: Path, elsewhere: Path) -> None:
    (pinned / "layouts" / "linked").symlink_to(elsewhere)
    issue_yaml = pinned / "issues" / "118" / "issue.yaml"
    issue_yaml.write_text(issue_yaml.read_text().replace("layout: 2006", "layout: linked"))
    with pytest.raises(ContentError) as caught:
        load_issue(open_root(pinned), 118)
    assert "issues/118/issue.yaml:6:9: layout: layouts/linked is a symbolic link" in str(
        caught.value
    )


def test_a_template_that_is_a_link_out_of_the_layouts_is_refused(
    pinned: Path, elsewhere: Path, run: Run
) -> None:
    masthead = pinned / "layouts" / "2006" / "partials" / "masthead-text.html.j2"
    masthead.unlink()
    masthead.symlink_to(elsewhere / "partials" / "masthead-text.html.j2")
    result = run("--root", pinned, "build", "118", "--format", "email")
    assert result.exit_code == 1
    assert f"template {masthead} is a symbolic link" in result.output
    assert not (pinned / "build" / "118").exists()


def test_the_web_font_is_sils_own_charis_bold_with_its_licence(tmp_path: Path) -> None:
    own = tmp_path / "default"
    (own / "fonts").mkdir(parents=True)
    (own / "fonts" / "OFL.txt").write_text("the project's copy\n")
    files = layouts.web_fonts((own, shipped_layout()))
    assert files["fonts/OFL.txt"] == b"the project's copy\n"  # the first layout that has it
    font = TTFont(io.BytesIO(files[layouts.WEB_FONT]))
    assert font.flavor == "woff2"
    assert font["name"].getDebugName(4) == "Charis SIL Bold"  # unrenamed: SIL's own file
    assert font["OS/2"].usWeightClass == 700
    licence = layouts.web_fonts((shipped_layout(),))["fonts/OFL.txt"].decode()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert 'with Reserved Font Names "Charis" and "SIL"' in licence


def test_a_web_font_in_no_layout_is_named_with_the_folders_searched(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"layout file 'fonts/CharisSIL-Bold.woff2' not found"):
        layouts.web_fonts((tmp_path,))
