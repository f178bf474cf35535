"""The web archive: valid pages with working relative links, prev/next, topics and the feed."""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from PIL import Image

from psgnews.content.load import load_issues
from psgnews.content.project import open_root
from psgnews.core import fingerprint
from psgnews.core.errors import ContentError
from psgnews.core.paths import shipped_layout
from psgnews.site import archive as web
from psgnews.site import websearch
from synthetic.make_archive import make_archive
from tests.conftest import Run

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A synthetic archive of three issues (sections, tags, images), published without PDFs."""
    root = make_archive(tmp_path / "archive", issues=3, articles=3, words=80)
    web.publish(open_root(root))
    return root


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def pages_among(paths: list[Path], top: Path) -> list[str]:
    """Return `paths` from `top`, by name, but the search bundles' (which change with a page)."""
    names = (p.relative_to(top).as_posix() for p in paths)
    return sorted(name for name in names if not name.startswith(websearch.FOLDER))


def links(page: Path) -> list[str]:
    """Return every href and src of `page`, as written."""
    return [html.unescape(m) for m in re.findall(r'(?:href|src)="([^"]*)"', page.read_text())]


def test_every_page_is_valid_html_for_a_phone(archive: Path) -> None:
    found = pages(archive / "build" / "web")
    assert len(found) == 1 + 1 + 3 + 4 + 8 + 1  # index, topics, issues, sections, tags, search
    for page in found:
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page.read_bytes())
        text = page.read_text()
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
        assert re.search(r'<meta name="description" content="[^"]{20,}">', text), page
        assert text.startswith("<!DOCTYPE html>\n<html lang=")


def test_every_link_is_relative_and_leads_somewhere(archive: Path) -> None:
    top = archive / "build" / "web"
    for page in pages(top):
        for link in links(page):
            parts = urlsplit(link)
            assert not parts.scheme and not link.startswith("/"), f"{page}: {link}"
            target = (page.parent / parts.path).resolve() if parts.path else page
            assert target.is_file() and target.is_relative_to(top), f"{page}: {link}"
            if parts.fragment:
                assert f'id="{parts.fragment}"' in target.read_text(), f"{page}: {link}"


def test_the_index_lists_the_newest_first(archive: Path) -> None:
    index = (archive / "build" / "web" / "index.html").read_text()
    assert index.index(">Update 3<") < index.index(">Update 2<") < index.index(">Update 1<")
    assert "PDF</a>" not in index  # none was built
    topics = (archive / "build" / "web" / "topics.html").read_text()
    assert topics.count('href="sections/') == 4 and topics.count('href="tags/') == 8


def test_every_page_leads_to_issues_sections_tags_and_feed(archive: Path) -> None:
    for page in pages(archive / "build" / "web"):
        nav = page.read_text().split('<nav class="site-nav"')[1].split("</nav>")[0]
        base = "../" if page.parent.name != "web" else ""
        for target in ("index.html", "topics.html", "feed.xml"):
            assert f'href="{base}{target}"' in nav, (page, target)
        # Sections and tags are one page: one link, to no fragment that may not be there.
        assert nav.count("topics.html") == 1 and "#" not in nav, page


def test_the_index_groups_issues_by_year_with_their_titles(archive: Path) -> None:
    index = (archive / "build" / "web" / "index.html").read_text()
    years = re.findall(r'<section class="year" id="year-(\d+)">', index)
    assert years == sorted(years, reverse=True) and years
    assert index.count('<ul class="titles">') == 3
    # None of them has a summary of its own: the first article's is not shown as the issue's.
    assert '<p class="issue-summary">' not in index


def test_the_index_shows_an_issues_own_summary(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", issues=2, articles=2, words=80)
    with (root / "issues" / "1" / "issue.yaml").open("a", encoding="utf-8") as settings:
        settings.write("summary: The issue's own line.\n")
    web.publish(open_root(root))
    index = (root / "build" / "web" / "index.html").read_text()
    assert re.findall(r'<p class="issue-summary">([^<]*)</p>', index) == ["The issue’s own line."]


def test_issue_pages_link_previous_and_next(archive: Path) -> None:
    top = archive / "build" / "web"
    middle = (top / "2" / "index.html").read_text()
    assert 'rel="prev" href="../1/index.html"' in middle
    assert 'rel="next" href="../3/index.html"' in middle
    assert 'rel="prev"' not in (top / "1" / "index.html").read_text()
    assert 'rel="next"' not in (top / "3" / "index.html").read_text()


def test_issue_pages_show_their_images_and_articles(archive: Path) -> None:
    page = (archive / "build" / "web" / "2" / "index.html").read_text()
    assert '<img src="images/article-01-png-' in page
    assert not (archive / "build" / "web" / "2" / "images" / "article-01.png").exists()
    copies = list((archive / "build" / "web" / "2" / "images").glob("article-01-png-*"))
    assert [copy.name for copy in copies] == ["article-01-png-160.png"]  # 160 px: its own width
    with Image.open(copies[0]) as copy:
        assert copy.format == "PNG" and not copy.getexif()
    assert page.count('<article class="article"') == 3
    assert "style=" not in page  # a responsive page, not the inlined email


def test_topic_pages_gather_articles_across_issues(archive: Path) -> None:
    root = open_root(archive)
    issues = load_issues(root, [3, 2, 1])  # newest first, each in its running order
    tagged = [(i.number, a.slug) for i in issues for a in i.articles if "TRC" in a.tags]
    page = (archive / "build" / "web" / "tags" / "trc.html").read_text()
    found = re.findall(r'<h2><a href="\.\./(\d+)/index\.html#([a-z0-9-]+)">', page)
    assert tagged and [(int(n), slug) for n, slug in found] == tagged
    mining = (archive / "build" / "web" / "sections" / "mining.html").read_text()
    in_mining = sum(a.section == "Mining" for i in issues for a in i.articles)
    assert mining.count('<li class="entry">') == in_mining


def test_the_feed_is_atom_dated_from_the_issues(archive: Path) -> None:
    feed = ET.parse(archive / "build" / "web" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert feed.find(ATOM + required) is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title", "").split(" —")[0] for e in entries] == [
        "Update 3",
        "Update 2",
        "Update 1",
    ]
    dates = [
        (archive / "issues" / n / "issue.yaml").read_text().split("date: ")[1][:10] for n in "321"
    ]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [f"{d}T12:00:00Z" for d in dates]
    assert feed.findtext(f"{ATOM}updated") == f"{dates[0]}T12:00:00Z"
    for entry in entries:
        assert entry.findtext(f"{ATOM}id", "").startswith("https://www.example.org/updates/")
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and (archive / "build" / "web" / link.get("href", "")).is_file()
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published", ""))
        assert "&lt;" not in (entry.findtext(f"{ATOM}content") or "<")  # escaped once, not twice


def test_a_built_pdf_is_copied_and_linked(archive: Path) -> None:
    pdf = archive / "build" / "2" / "psg-update-2.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.7 placeholder: archive.publish copies whatever build wrote")
    (archive / "build" / "3").mkdir()
    (archive / "build" / "3" / "psg-update-3.pdf").write_bytes(b"%PDF left by an older build")
    digests = {pdf.name: hashlib.sha256(pdf.read_bytes()).hexdigest()}
    fingerprint.write_record(archive / "build", "2", "a fingerprint", digests, {2: ["default"]})
    published = web.publish(open_root(archive))
    top = archive / "build" / "web"
    assert (top / "2" / "psg-update-2.pdf").read_bytes() == pdf.read_bytes()
    assert 'href="2/psg-update-2.pdf"' in (top / "index.html").read_text()
    assert 'href="psg-update-2.pdf"' in (top / "2" / "index.html").read_text()
    assert not (top / "3" / "psg-update-3.pdf").exists()  # not made by issue 3's last build
    assert pages_among(published.written, top) == [
        "2/index.html",
        "2/psg-update-2.pdf",
        "feed.xml",
        "index.html",
    ]


def test_the_headline_font_is_served_beside_the_pages_with_its_licence(
    archive: Path, tmp_path: Path
) -> None:
    top = archive / "build" / "web"
    font = top / "fonts" / "CharisSIL-Bold.woff2"
    assert font.read_bytes() == (shipped_layout() / "fonts" / font.name).read_bytes()
    assert "SIL Open Font License" in (top / "fonts" / "OFL.txt").read_text()
    for page in pages(top):
        urls = re.findall(r'url\("([^"]+)"\) format\("woff2"\)', page.read_text())
        assert [(page.parent / url).resolve() for url in urls] == [font], page
    # Built again elsewhere, the archive serves the very same bytes.
    web.publish(open_root(archive), tmp_path / "again")
    assert (tmp_path / "again" / "web" / "fonts" / font.name).read_bytes() == font.read_bytes()


def test_an_unchanged_archive_is_left_alone(archive: Path) -> None:
    assert web.publish(open_root(archive)).current


def test_editing_one_article_rewrites_its_page_and_the_lists_only(archive: Path) -> None:
    article = archive / "issues" / "1" / "article-02.yaml"
    article.write_text(re.sub(r'title: ".*"', 'title: "A new title"', article.read_text()))
    published = web.publish(open_root(archive))
    top = archive / "build" / "web"
    written = set(pages_among(published.written, top))
    assert {"1/index.html", "index.html", "feed.xml"} <= written
    assert not {"2/index.html", "3/index.html"} & written
    assert all(n.startswith(("1/", "sections/", "tags/")) or "/" not in n for n in written)


def test_a_page_edited_or_deleted_by_hand_is_written_again(archive: Path) -> None:
    top = archive / "build" / "web"
    (top / "index.html").write_text("edited")
    (top / "tags" / "water.html").unlink()
    published = web.publish(open_root(archive))
    assert pages_among(published.written, top) == ["index.html", "tags/water.html"]


def test_a_tag_no_article_has_any_more_is_removed(archive: Path) -> None:
    for article in (archive / "issues").glob("*/article-*.yaml"):
        text = article.read_text()
        article.write_text(re.sub(r"tags: \[.*\]", "tags: [kept]", text))
    published = web.publish(open_root(archive))
    top = archive / "build" / "web"
    assert sorted(p.name for p in (top / "tags").iterdir()) == ["kept.html"]
    assert len(pages_among(published.removed, top)) == 8


def test_tags_that_differ_only_in_case_are_one_tag(archive: Path) -> None:
    articles = sorted((archive / "issues").glob("*/article-*.yaml"))
    for article, tag in zip(articles, ["TRC", "trc", "Trc, TRC"], strict=False):
        text = article.read_text()
        article.write_text(re.sub(r"tags: \[.*\]", f"tags: [{tag}]", text))
    web.publish(open_root(archive))
    top = archive / "build" / "web"
    assert sorted(p.name for p in (top / "tags").glob("trc*")) == ["trc.html"]
    page = (top / "tags" / "trc.html").read_text()
    tagged = [a for a in articles if re.search(r"tags: \[.*\btrc\b", a.read_text(), re.I)]
    assert page.count('<li class="entry">') == len(tagged) >= 3
    for issue in (top / "1", top / "2"):
        assert "tags/trc-2.html" not in (issue / "index.html").read_text()
        # Shown as the tag's page names it (the newest issue's spelling), not as "trc".
        shown = re.findall(
            r'href="../tags/trc.html">([^<]*)</a>', (issue / "index.html").read_text()
        )
        assert shown and set(shown) == {"TRC"}


def test_an_invalid_issue_leaves_the_archive_as_it_was(archive: Path) -> None:
    before = (archive / "build" / "web" / "index.html").read_bytes()
    (archive / "issues" / "2" / "article-01.yaml").write_text("title: [no]\n")
    with pytest.raises(ContentError, match=re.escape("issues/2/article-01.yaml")):
        web.publish(open_root(archive))
    assert (archive / "build" / "web" / "index.html").read_bytes() == before


def test_names_that_slugify_alike_get_their_own_pages() -> None:
    names = ("TRC", "trc", "T.R.C.", "¿¡!?", "Perú's mines")
    topics = web._with_slugs([web.Topic("tag", n, "") for n in names])
    assert [t.slug for t in topics] == ["trc", "trc-2", "t-r-c", "topic", "perus-mines"]


@pytest.mark.slow
def test_pages_fit_a_phone_screen(archive: Path, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is needed (installed by .ci/system-deps.sh test)"
    top = archive / "build" / "web"
    shown = [top / "index.html", top / "2" / "index.html", top / "tags" / "trc.html"]
    frames = "".join(
        f'<iframe src="{p.as_uri()}" style="width:375px;height:600px;border:0"></iframe>'
        for p in shown
    )
    script = (
        "window.addEventListener('load', function () { var out = [];"
        " document.querySelectorAll('iframe').forEach(function (f) {"
        " var d = f.contentDocument.documentElement;"
        " out.push(d.scrollWidth + '/' + d.clientWidth); });"
        " document.getElementById('out').textContent = 'widths ' + out.join(' '); });"
    )
    wrapper = tmp_path / "phone.html"
    wrapper.write_text(
        f'<!DOCTYPE html><html><body>{frames}<pre id="out"></pre>'
        f"<script>{script}</script></body></html>"
    )
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
         "--virtual-time-budget=5000", "--dump-dom", wrapper.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found = re.search(r"widths ([\d/ ]+)", done.stdout)
    assert found, done.stderr[-2000:]
    for pair in found.group(1).split():
        scroll, client = map(int, pair.split("/"))
        assert client >= 300 and scroll <= client, f"a page is wider than the phone: {pair}"


def test_titles_and_tags_are_escaped_everywhere(archive: Path) -> None:
    article = archive / "issues" / "3" / "article-01.yaml"
    text = re.sub(r'title: ".*"', "title: 'Mines & <Rivers> \"2007\"'", article.read_text())
    article.write_text(re.sub(r"tags: \[.*\]", "tags: ['Perú & <Friends>']", text))
    web.publish(open_root(archive))
    top = archive / "build" / "web"
    tag_page = top / "tags" / "peru-friends.html"
    for page in [top / "index.html", top / "3" / "index.html", tag_page]:
        html5lib.HTMLParser(strict=True).parse(page.read_bytes())
        assert "Mines &amp; &lt;Rivers&gt;" in page.read_text()
    assert "Perú &amp; &lt;Friends&gt;" in tag_page.read_text()
    feed = ET.parse(top / "feed.xml").getroot()
    content = feed.findtext(f"{ATOM}entry/{ATOM}content") or ""
    assert "Mines &amp; &lt;Rivers&gt;" in content  # HTML inside the Atom text, escaped once


def test_images_in_article_bodies_reach_the_web_archive(project: Path, run: Run) -> None:
    images = project / "issues" / "119" / "images"
    images.mkdir()
    Image.new("RGB", (40, 30), "white").save(images / "map.png")
    article = project / "issues" / "119" / "cocaine.yaml"
    article.write_text(
        "title: T\nsection: News\nsummary: S.\nbody: |\n  ![A map of the mine](images/map.png)\n"
    )
    issue_yaml = project / "issues" / "119" / "issue.yaml"
    issue_yaml.write_text(issue_yaml.read_text().rstrip() + "\n  - cocaine\n")
    result = run("--root", project, "build", "119", "--format", "text", "--web")
    assert result.exit_code == 0, result.output
    assert (project / "build" / "web" / "119" / "images" / "map-png-40.png").is_file()
    page = (project / "build" / "web" / "119" / "index.html").read_text()
    assert 'src="images/map-png-40.png"' in page


def _record(archive: Path, outputs: dict[str, str]) -> None:
    """Put a crafted web record in place, as if someone had planted it in build/."""
    path = fingerprint.record_path(archive / "build", web.WEB)
    found = json.loads(path.read_bytes())
    path.write_text(json.dumps(found | {"outputs": outputs}))


@pytest.mark.parametrize("shape", ["absolute", "dotdot", "backslash", "empty part"])
def test_a_crafted_web_record_deletes_nothing_outside_the_archive(
    archive: Path, tmp_path: Path, run: Run, shape: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("not psgnews's to delete\n")
    name = {
        "absolute": str(victim),
        "dotdot": f"../../{victim.relative_to(tmp_path)}",
        "backslash": "..\\..\\victim.txt",
        "empty part": f"1//{victim}",
    }[shape]
    _record(archive, {name: "0" * 64, "index.html": "0" * 64})
    result = run("--root", archive, "build", "--all", "--format", "text", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "not psgnews's to delete\n"
    assert (archive / "build" / "web" / "index.html").is_file()


def test_a_web_record_naming_files_outside_the_archive_is_not_trusted(archive: Path) -> None:
    outside = archive / "psgnews.yaml"
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    _record(archive, {str(outside): digest})
    # The record would call the archive intact by the digest of a file outside it.
    assert fingerprint.read_record(fingerprint.record_path(archive / "build", web.WEB)) is None
    assert not web.publish(open_root(archive)).current


def test_a_pdf_in_build_that_is_a_link_is_not_copied_into_the_archive(archive: Path) -> None:
    secret = archive / "secret.txt"
    secret.write_text("a file outside the output folder\n")
    folder = archive / "build" / "2"
    folder.mkdir()
    (folder / "psg-update-2.pdf").symlink_to(secret)
    digests = {"psg-update-2.pdf": hashlib.sha256(secret.read_bytes()).hexdigest()}
    fingerprint.write_record(archive / "build", "2", "a fingerprint", digests, {2: ["default"]})
    web.publish(open_root(archive))
    assert not (archive / "build" / "web" / "2" / "psg-update-2.pdf").exists()
