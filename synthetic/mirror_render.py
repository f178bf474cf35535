"""Render the pages of a generated mirror: listings, article pages in their furniture, an export."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from psgnews.content.dates import long_date

if TYPE_CHECKING:
    from synthetic.legacy_mirror import Story

HEAD = (
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{}</title></head>\n'
    "<body>\n"
)
HEADER = '<div id="header"><p>News from Peru</p></div>\n'
MENU = (
    '<nav><ul><li><a href="index.html">Home</a></li><li><a href="news.php">News</a></li>'
    "</ul></nav>\n"
)
FOOT = '<div id="footer"><p>© 2016 Example. All rights reserved.</p></div>\n</body>\n</html>\n'
MARKDOWN = (
    (re.compile(r"\*\*(.+?)\*\*"), r"<b>\1</b>"),
    (re.compile(r"\*(.+?)\*"), r"<em>\1</em>"),
    (re.compile(r"\[(.+?)\]\((.+?)\)"), r'<a href="\2">\1</a>'),
)


def dateline(story: Story) -> str:
    """Return the story's dateline as its pages write it."""
    day = long_date(story.day)
    return f"Update {story.number}. {day}" if story.number else day


def listing_page(stories: Sequence[Story]) -> str:
    """Return a listing of `stories`: title, dateline and teaser each."""
    items = "".join(
        f"  <li><h3>{html.escape(s.title)}</h3>\n    <p>{dateline(s)}</p>\n"
        f"    <p>{html.escape(s.summary)}</p></li>\n"
        for s in stories
    )
    return HEAD.format("News") + MENU + f"<ul>\n{items}</ul>\n" + FOOT


def article_page(story: Story) -> str:
    """Return the article page of `story`: heading, date, paragraphs, in the site's furniture."""
    image = f'<p><img src="{story.image}" alt="A photo"></p>\n' if story.image else ""
    paragraphs = "".join(f"<p>{_html(p)}</p>\n" for p in story.paragraphs)
    return (
        HEAD.format(html.escape(story.title))
        + HEADER
        + MENU
        + f'<div class="content">\n<h1>{html.escape(story.title)}</h1>\n<p>{dateline(story)}</p>\n'
        + f"<p>{html.escape(story.summary)}</p>\n{image}{paragraphs}"
        + '<div class="share"><a href="https://social.example/share">Share</a></div>\n</div>\n'
        + FOOT
    )


def _html(markdown: str) -> str:
    text = html.escape(markdown, quote=False)
    for pattern, replacement in MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


def export(posts: Sequence[dict[str, Any]]) -> str:
    """Return a WXR 1.2 export of `posts`."""
    items = "".join(_post(post) for post in posts)
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
        ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>News</title>\n'
        f"<wp:wxr_version>1.2</wp:wxr_version>\n{items}</channel>\n</rss>\n"
    )


def _post(post: dict[str, Any]) -> str:
    place = post["tags"][1] if len(post["tags"]) > 1 else ""
    content = (
        f"{post['first']}[ref]A note on {place}.[/ref]\n\n"
        '[caption id="attachment_1" width="300"]<img src="https://www.example.org/wp-content/'
        f'uploads/river.jpg" alt="River" /> The river at {place}[/caption]'
    )
    tags = "".join(
        f'<category domain="{d}" nicename="t"><![CDATA[{t}]]></category>\n'
        for d, t in zip(("category", "post_tag"), post["tags"], strict=False)
    )
    return (
        f"<item>\n<title>{html.escape(post['title'])}</title>\n"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>\n"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
        f"<wp:post_date><![CDATA[{post['day']} 09:00:00]]></wp:post_date>\n"
        f"<wp:status><![CDATA[{post['status']}]]></wp:status>\n"
        f"<wp:post_type><![CDATA[{post['type']}]]></wp:post_type>\n{tags}</item>\n"
    )
