"""Article bodies: Markdown to sanitised HTML, which keeps its HTML5 tree."""

from __future__ import annotations

from functools import cache, lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from psgnews.content.htmltree import Html

# Body headings sit under the article title (h2), so `#` becomes h3.
HEADING_SHIFT = 2

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "s", "section", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"lang"},
    "a": {"href", "id", "title", "class"},
    "img": {"src", "alt", "title", "width", "height"},
    "li": {"id", "class"},
    "ol": {"start", "class"},
    "section": {"class"},
    "sup": {"class"},
    "hr": {"class"},
    "td": {"style"},
    "th": {"style"},
    "abbr": {"title"},
}


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin)


def to_html(markdown: str, doc_id: str) -> Html:
    """Return `markdown` as sanitised HTML; footnote ids are prefixed with `doc_id`."""
    if not markdown.strip():
        return Html("")
    md = _parser()
    env = {"docId": doc_id}
    tokens = md.parse(markdown, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"
    html = md.renderer.render(tokens, md.options, env)
    return Html(sanitise(html))


@lru_cache(maxsize=8)
def for_check(markdown: str) -> Html:
    """Return `markdown` as sanitised HTML, made once for all the checks of one body."""
    return to_html(markdown, "check")


def block_tokens(markdown: str) -> list[Token]:
    """Return the tokens of `markdown`, each block's with its source lines (`map`)."""
    return _parser().parse(markdown)


def unsanitised_html(markdown: str) -> str:
    """Return `markdown` as HTML before sanitising, to find what it asks for."""
    return str(_parser().render(markdown)) if markdown.strip() else ""


def sanitise(html: str) -> str:
    """Return `html` with everything but the allowed tags, attributes and URL schemes removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
        link_rel=None,
    ).strip()
