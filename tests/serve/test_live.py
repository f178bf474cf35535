"""`psgnews serve` as an editor meets it: a real process, a real port, files saved on disk."""

from __future__ import annotations

import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import markupsafe
import pytest
from PIL import Image, ImageOps

from tests.conftest import run_process
from tests.serve.running import Served

pytestmark = pytest.mark.slow

ARTICLE = "issues/119/69-congresspersons-vote-to-support-trc.yaml"
EMAIL, TEXT, PDF = (f"/119/psg-update-119.{kind}" for kind in ("html", "txt", "pdf"))


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    with Served(project, "119") as server:
        yield server
    code, stderr = server.stop()
    assert code == 0, stderr


def retitle(project: Path, title: str) -> None:
    """Save the article with a new title, as an editor would."""
    path = project / ARTICLE
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", path.read_text(), count=1))


def pdf_text(pdf: bytes, folder: Path) -> str:
    """Return the words of `pdf`, as pdftotext reads them, one space apart."""
    path = folder / "served.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())


def clear(page: bytes) -> bool:
    """Return whether the preview page shows no problem."""
    return re.search(rb'<section id="errors"[^>]* hidden>', page) is not None


def files_of(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in project.rglob("*") if p.is_file()}


def test_an_edited_title_appears_in_the_email_the_text_and_the_pdf(
    served: Served, project: Path, tmp_path: Path
) -> None:
    assert b"69 Congresspersons vote" in served.get(EMAIL)[2]
    retitle(project, "Congress backs the Commission")
    served.wait_for(EMAIL, lambda body: b"Congress backs the Commission" in body)
    served.wait_for(TEXT, lambda body: b"Congress backs the Commission" in body)
    served.wait_for(PDF, lambda body: "Congress backs the Commission" in pdf_text(body, tmp_path))
    status, headers, _ = served.get(PDF)
    assert (status, headers["Content-Type"]) == (200, "application/pdf")


def test_the_files_are_the_bytes_build_writes(
    served: Served, project: Path, tmp_path: Path
) -> None:
    built = run_process("--root", project, "build", "119", "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    for path in (EMAIL, TEXT, PDF):
        assert served.get(path)[2] == (tmp_path / "out" / path.lstrip("/")).read_bytes(), path


def test_without_an_issue_it_opens_on_the_newest(project: Path) -> None:
    with Served(project) as server:
        assert server.page == "/119/"
        assert server.get("/")[0] == 200
    assert server.stop()[0] == 0


def test_a_broken_file_shows_its_located_error_and_a_fix_clears_it(
    served: Served, project: Path
) -> None:
    path = project / ARTICLE
    good = path.read_text()
    path.write_text(good.replace("section: News", "section: News\ntitel: A typo"))
    checked = run_process("--root", project, "check", "119")
    problems = [line for line in checked.stderr.splitlines() if line.startswith("issues/")]
    assert problems, checked.stderr
    shown = [str(markupsafe.escape(problem)).encode() for problem in problems]
    served.wait_for("/119/", lambda body: all(p in body for p in shown))  # located as by check
    status, _, body = served.get(EMAIL)
    assert status == 500 and problems[0].encode() in body

    path.write_text(good)
    served.wait_for("/119/", lambda body: b"titel" not in body and clear(body))
    assert served.get(EMAIL)[0] == 200


def test_broken_settings_show_their_error_and_a_fix_clears_it(
    served: Served, project: Path
) -> None:
    settings = project / "psgnews.yaml"
    good = settings.read_text()
    broken = re.sub(r"(?m)^web_base_url: .*$", "web_base_url: not-a-url", good)
    temporary = project / "psgnews.yaml.new"  # saved as many editors do: a new file, renamed
    temporary.write_text(broken)
    temporary.replace(settings)
    page = served.wait_for("/119/", lambda body: b"web_base_url" in body)
    assert b"psgnews.yaml:" in page
    settings.write_text(good.replace("Peru Support Group", "Peru Support Group (edited)"))
    served.wait_for(EMAIL, lambda body: b"Peru Support Group (edited)" in body)
    served.wait_for("/119/", clear)


def test_a_half_written_file_is_not_an_error_for_long(served: Served, project: Path) -> None:
    path = project / ARTICLE
    whole = re.sub(r"(?m)^title: .*$", "title: Written in two goes", path.read_text(), count=1)
    path.write_text(whole[: len(whole) // 3])  # an editor still writing
    time.sleep(0.2)
    path.write_text(whole)
    written = time.monotonic()
    served.wait_for("/119/", lambda body: b"Written in two goes" in body and clear(body))
    assert time.monotonic() - written < 5


def test_the_reload_event_arrives_after_a_save(served: Served, project: Path) -> None:
    with served.events() as events:
        hello = events.next("hello")
        before = hello["issues"]["119"]["version"]
        retitle(project, "Saved once")
        # (an update with errors may come first, if the file is read while being written)
        update = events.next("update", lambda data: data["issue"] == 119 and not data["errors"])
        assert update["version"] > before
        assert sorted(update["parts"]) == ["email", "text"]
        made = events.next("update", lambda data: "pdf" in data["parts"])
        assert (made["version"], made["pdf"]) == (update["version"], "ready")


def test_a_replaced_image_reloads_the_email(rich: Path) -> None:
    with Served(rich, "120") as server, server.events() as events:
        events.next("hello")
        copy = march_copy(server)
        before = server.get(copy)[2]
        image = rich / "issues/120/images/march.png"
        saved = image.with_name(".march.png.new")  # saved whole, then renamed into place
        with Image.open(image) as picture:  # the same size, other pixels: the same email HTML
            ImageOps.invert(picture.convert("RGB")).save(saved, format="PNG")
        saved.replace(image)
        update = events.next("update", lambda data: data["issue"] == 120)
        assert update["parts"] == ["email"]
        assert march_copy(server) == copy and server.get(copy)[2] != before
    assert server.stop()[0] == 0


def march_copy(server: Served) -> str:
    """Return the path, on the server, of the copy of march.png that Update 120's email shows."""
    email = server.get("/120/psg-update-120.html")[2].decode()
    match = re.search(r'src="https://www\.example\.org/updates/120/(images/march[^"]+)"', email)
    assert match, "the email shows no copy of march.png"
    return f"/web/120/{match[1]}"


def test_nothing_is_written_to_the_project(project: Path) -> None:
    before = files_of(project)
    with Served(project, "119") as server:
        retitle(project, "Not written anywhere")
        server.wait_for(EMAIL, lambda body: b"Not written anywhere" in body)
        assert server.get(PDF)[0] == 200
        assert server.get("/web/index.html")[0] == 200
        retitle(project, "69 Congresspersons vote to support TRC Recommendations")
        server.wait_for(EMAIL, lambda body: b"Not written anywhere" not in body)
    assert server.stop()[0] == 0
    assert not (project / "build").exists()
    assert files_of(project) == before


def test_a_host_header_of_another_name_is_refused(served: Served) -> None:
    port = served.port
    assert served.get("/119/", host=f"evil.example:{port}")[0] == 403
    assert served.get("/_psgnews/events", host=f"evil.example:{port}")[0] == 403
    assert served.get("/119/", host=f"127.0.0.1:{port + 1}")[0] == 403
    assert served.get("/119/", host=None)[0] == 400
    assert served.get("/119/", host=f"localhost:{port}")[0] == 200


def test_only_what_it_rendered_is_served(rich: Path, tmp_path: Path) -> None:
    built = run_process("--root", rich, "build", "120", "--web", "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    with Served(rich, "120") as server:
        copy = march_copy(server)
        status, headers, body = server.get(copy)
        assert (status, body) == (200, (tmp_path / "out" / copy.lstrip("/")).read_bytes())
        assert headers["Content-Type"].startswith("image/")
        font = "/web/fonts/CharisSIL-Bold.woff2"  # the archive's web font, as build writes it
        status, headers, body = server.get(font)
        assert (status, headers["Content-Type"]) == (200, "font/woff2")
        assert body == (tmp_path / "out" / font.lstrip("/")).read_bytes()
        for path in (
            "/web/120/images/march.png",  # the original: it keeps what the camera wrote
            "/psgnews.yaml",
            "/issues/120/issue.yaml",
            "/120/../psgnews.yaml",
            "/120/issue.yaml",
            "/web/120/issue.yaml",
            "/web/120/../../psgnews.yaml",
            "/web/120/images/",
            "/web/120/images/missing.png",
            "/layouts/default/email.css",
            "/120/images/",
        ):
            assert server.get(path)[0] == 404, path
    code, stderr = server.stop()
    assert code == 0, stderr


def test_the_server_survives_a_template_error(served: Served, project: Path) -> None:
    template = project / "layouts/default/email.html.j2"
    good = template.read_text()
    template.write_text(good + "{% if %}\n")
    page = served.wait_for("/119/", lambda body: b"template error" in body)
    assert b"email.html.j2" in page
    template.write_text(good)
    served.wait_for("/119/", lambda body: b"template error" not in body)
    assert served.get(EMAIL)[0] == 200


def test_ctrl_c_stops_it_cleanly(project: Path) -> None:
    server = Served(project, "119")
    assert server.get("/119/")[0] == 200
    code, stderr = server.stop()
    assert code == 0 and "Stopped." in stderr
    assert "Traceback" not in stderr


def test_a_port_in_use_is_a_clear_message(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_process("--root", project, "serve", "119", "--port", port)
    assert result.returncode == 2
    assert f"port {port} is in use on 127.0.0.1" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_saved_briefing_shows_in_the_served_archive(served: Served, project: Path) -> None:
    page = "/web/news/2006-07-31-us-peruvian-free-trade-agreement/index.html"
    assert b"US-Peruvian Free Trade Agreement" in served.get(page)[2]
    path = project / "issues" / "_briefings" / "2006-07-31-us-peruvian-free-trade-agreement.yaml"
    path.write_text(path.read_text().replace("title: US-Peruvian", "title: Andean"))
    served.wait_for(page, lambda body: b"Andean Free Trade Agreement" in body)
    served.wait_for("/web/news/index.html", lambda body: b"Andean Free Trade" in body)


def test_a_draft_is_shown_marked_in_every_preview(served: Served, project: Path) -> None:
    path = project / ARTICLE
    path.write_text(path.read_text() + "draft: true\n")
    served.wait_for(EMAIL, lambda body: b"DRAFT: 69 Congresspersons vote" in body)
    served.wait_for(TEXT, lambda body: b"Update 119 (draft)" in body)
    # The preview's archive shows it too, marked: only `build` and `publish` leave it out.
    served.wait_for("/web/index.html", lambda body: b"Update 119 (draft)" in body)
