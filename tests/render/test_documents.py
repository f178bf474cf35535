"""The HTML email: markup that survives every client, and the content members need."""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import html5lib
import pytest

from psgnews.content.load import load_issue
from psgnews.content.model import Issue
from psgnews.content.project import open_root
from psgnews.render import documents, eml, mailing
from psgnews.render.recipient import Recipient
from tests.conftest import SAMPLE


def parse(html: str) -> Any:  # html5lib's element tree, which has no type hints
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


@pytest.fixture
def issue120(rich: Path) -> Issue:
    return load_issue(open_root(rich), 120)


@pytest.mark.parametrize("number", [117, 118, 119])
def test_sample_issues_parse_without_errors(number: int) -> None:
    html = documents.email_html(load_issue(open_root(SAMPLE), number))
    parse(html)  # strict: raises on any parse error


def test_layout_tables_are_presentational_and_data_tables_are_not(issue120: Issue) -> None:
    tree = parse(documents.email_html(issue120))
    tables = tree.findall(".//table")
    data = [t for t in tables if t.get("role") != "presentation"]
    assert len(tables) > len(data) >= 1
    assert all(t.find("thead") is not None for t in data)  # the Markdown table, kept semantic


def test_no_css_mail_clients_drop(issue120: Issue) -> None:
    html = documents.email_html(issue120)
    for banned in ("display:flex", "display: flex", "grid", "position:", "box-shadow", "var(--"):
        assert banned not in html, banned
    assert "@media (max-width: 480px)" in html  # kept in <style> by the inliner
    assert "@media (prefers-color-scheme: dark)" in html


def test_headlines_take_the_archives_charis_where_a_client_takes_web_fonts(
    issue120: Issue,
) -> None:
    html = documents.email_html(issue120)
    fonts = re.findall(r"<style>(@font-face \{[^}]*\})</style>", html)
    assert len(fonts) == 1  # alone in its element: a client that drops it drops nothing else
    url = urljoin(issue120.config.web_base_url, "fonts/CharisSIL-Bold.woff2")
    assert f'url("{url}") format("woff2")' in fonts[0]
    assert "font-display: swap" in fonts[0]
    title = parse(html).find(".//h2[@class='article-title']")
    assert "font-family:'Charis SIL', Charis, Georgia" in title.get("style")  # then the fallback


def test_document_metadata_and_outlook_wrapper(issue120: Issue) -> None:
    html = documents.email_html(issue120)
    tree = parse(html)
    assert tree.get("lang") == "en-GB" and tree.get("dir") == "ltr"
    assert tree.find(".//title").text == "Peru Support Group Update 120 — 31 March 2007"
    assert '<meta name="color-scheme" content="light dark">' in html
    assert '<!--[if mso]><table role="presentation" width="600"' in html
    spanish = tree.find(".//td[@id='informe-defensoria']")
    assert spanish.get("lang") == "es"


def test_headings_descend_one_level_at_a_time(issue120: Issue) -> None:
    levels = [int(h[1]) for h in re.findall(r"<(h[1-6])\b", documents.email_html(issue120))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_contents_link_to_every_article_on_the_web_in_order(issue120: Issue) -> None:
    # In-message links do nothing in Gmail's apps: the contents lead to the web page's articles.
    tree = parse(documents.email_html(issue120))
    links = [a.get("href") for a in tree.findall(".//a[@class='contents-link']")]
    assert links == [f"{issue120.web_url}#{a.slug}" for a in issue120.articles]
    for article in issue120.articles:
        assert tree.find(f".//td[@id='{article.slug}']") is not None


def test_each_article_leads_back_to_the_contents_and_to_its_web_page(issue120: Issue) -> None:
    tree = parse(documents.email_html(issue120))
    assert tree.find(".//td[@id='contents']") is not None
    for article in issue120.articles:
        cell = tree.find(f".//td[@id='{article.slug}']")
        assert cell is not None
        hrefs = [a.get("href") for a in cell.findall(".//p[@class='article-links']/a")]
        assert hrefs == ["#contents", f"{issue120.web_url}#{article.slug}"]


def test_tables_scroll_in_their_own_box(issue120: Issue) -> None:
    tree = parse(documents.email_html(issue120))
    boxes = tree.findall(".//div[@class='table-scroll']")
    assert len(boxes) == 1 and boxes[0][0].tag == "table"


def test_an_issue_may_set_its_own_subject_and_preview(issue120: Issue) -> None:
    own = dataclasses.replace(issue120, subject_line="Cajamarca special", preview="Water first.")
    assert eml.compose(own)["Subject"] == "Cajamarca special"
    assert parse(documents.email_html(own)).find("body")[0].text.startswith("Water first.")
    assert eml.compose(issue120)["Subject"] == issue120.subject


def test_the_footer_gives_the_address_and_charity_only_when_set(issue120: Issue) -> None:
    assert "Registered charity" not in documents.email_html(issue120)
    config = dataclasses.replace(
        issue120.config,
        postal_address="1 Example Street, London",
        charity_registration="Registered charity no. 0000000",
    )
    html = documents.email_html(dataclasses.replace(issue120, config=config))
    assert "1 Example Street, London · Registered charity no. 0000000" in html
    text = documents.text(dataclasses.replace(issue120, config=config))
    assert "1 Example Street, London\nRegistered charity no. 0000000" in text


def test_preheader_is_hidden_and_first(issue120: Issue) -> None:
    tree = parse(documents.email_html(issue120))
    body = tree.find("body")
    first = body[0]
    assert first.get("class") == "preheader" and "display:none" in first.get("style")
    assert first.text.startswith(
        "This issue looks at the protests in Cajamarca and at the Ombudsman’s report.\u034f"
    )


def test_images_are_absolute_sized_and_described(issue120: Issue) -> None:
    tree = parse(documents.email_html(issue120))
    images = tree.findall(".//img")
    assert [(i.get("src"), i.get("width")) for i in images] == [
        # 1200 px wide: its 1104 px copy, shown at the column's width
        (f"{issue120.web_url}images/march-png-1104.png", "552"),
        (f"{issue120.web_url}images/small-png-240.png", "240"),  # its own width
    ]
    assert all(i.get("alt") for i in images)
    assert all("max-width" in i.get("style") and "height:auto" in i.get("style") for i in images)


def test_links_are_absolute(issue120: Issue) -> None:
    tree = parse(documents.email_html(issue120))
    hrefs = [a.get("href") for a in tree.findall(".//a")]
    assert f"{issue120.web_url}briefing.pdf" in hrefs  # relative in the editorial
    assert all(h.startswith(("https://", "mailto:", "#")) for h in hrefs), hrefs


def test_footer_has_name_reason_and_links(issue120: Issue) -> None:
    tree = parse(documents.email_html(issue120))
    footer = tree.find(".//td[@class='cell footer']")
    text = "".join(footer.itertext())
    assert "Peru Support Group" in text and "You receive this email because" in text
    links = {a.text: a.get("href") for a in footer.iter("a")}
    assert links == {
        "View in your browser": "https://www.example.org/updates/120/",
        "Download the PDF": "https://www.example.org/updates/120/psg-update-120.pdf",
        "Unsubscribe": "https://www.example.org/unsubscribe",
    }


def test_titles_and_summaries_are_escaped(issue120: Issue) -> None:
    html = documents.email_html(issue120)
    assert "&lt;not&gt; a moratorium" in html
    assert "<not>" not in html


def test_a_recipient_is_greeted_and_gets_their_own_unsubscribe_link(issue120: Issue) -> None:
    member = Recipient(
        "ana@example.org", name="Ana", unsubscribe_url="https://www.example.org/u/abc123"
    )
    html = documents.email_html(issue120, member)
    assert "Dear Ana," in html
    assert 'href="https://www.example.org/u/abc123"' in html
    assert "Dear Ana," in documents.text(issue120, member)


def test_pdf_note_lists_the_articles_and_names_the_attachment(issue120: Issue) -> None:
    html = documents.email_html(issue120, pdf_note=True)
    text = "".join(parse(html).find("body").itertext())
    assert "attached to this email as a PDF (psg-update-120.pdf)" in text
    assert all(article.title in text for article in issue120.articles)
    assert "Plaza de Armas" not in text  # the articles themselves are in the PDF


def test_the_email_and_text_render_with_the_project_gone(rich: Path, tmp_path: Path) -> None:
    """The renderers read no file of the project: only the templates the Issue names."""
    issue = load_issue(open_root(rich), 120)
    assert issue.images  # the email's image widths come from the Issue, not from the files
    before = mailing.outputs(issue, ["email", "text", "eml"])
    templates = shutil.copytree(rich / "layouts", tmp_path / "templates")
    moved = tuple(templates / folder.name for folder in issue.layout_dirs)
    shutil.rmtree(rich)
    assert not rich.exists()
    alone = dataclasses.replace(issue, layout_dirs=moved)
    assert mailing.outputs(alone, ["email", "text", "eml"]) == before
    assert documents.email_html(alone).encode() == before["psg-update-120.html"]
    assert documents.text(alone).encode() == before["psg-update-120.txt"]


def test_issue_yaml_may_give_the_subject_and_preview(rich: Path) -> None:
    settings = rich / "issues" / "120" / "issue.yaml"
    settings.write_text(
        settings.read_text() + "subject: 'Update 120: Cajamarca'\npreview: Water first.\n"
    )
    issue = load_issue(open_root(rich), 120)
    assert (issue.email_subject, issue.preview) == ("Update 120: Cajamarca", "Water first.")
    assert issue.subject == "Peru Support Group Update 120 — 31 March 2007"
