"""Article bodies: Markdown to sanitised HTML, which keeps its HTML5 tree."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from psgnews.content import htmltree, typography
from psgnews.content.htmltree import Html

# Body headings sit under the article title (h2): a body's highest heading, whatever
# level the editor began at (`#` or `##`), is an h3, the next level an h4, and so on,
# in every output alike.
TOP_HEADING = 3

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
def _parser(lang: str) -> MarkdownIt:
    """Return the parser of bodies in `lang`: typographic quotes and dashes, bare links linked."""
    return typography.parser(lang).use(footnote_plugin)


def to_html(
    markdown: str, doc_id: str, lang: str = "en", links: Mapping[str, str] | None = None
) -> Html:
    """Return `markdown` (in `lang`) as sanitised HTML; footnote ids are prefixed with `doc_id`.

    `links` names addresses the text may use as reference links: `[Become a member][join]`.
    """
    return _converted(markdown, doc_id, lang, tuple(sorted((links or {}).items())))


# `psgnews serve` loads the whole issue again after each save: the bodies not edited come
# from here (with their trees, parsed once), which takes most of the time off a rebuild.
# A pure function of its arguments; the HTML is a str, its tree shared and never changed.
@lru_cache(maxsize=128)
def _converted(markdown: str, doc_id: str, lang: str, links: tuple[tuple[str, str], ...]) -> Html:
    """Return `to_html` of the same arguments, `links` as (name, address) pairs."""
    if not markdown.strip():
        return Html("")
    md = _parser(lang)
    references = {normalizeReference(k): {"href": v, "title": ""} for k, v in links}
    env = {"docId": doc_id, "references": references}
    tokens = md.parse(markdown, env)
    _headings_from_top(tokens)
    html = md.renderer.render(tokens, md.options, env)
    if _raw_html(tokens):  # it nests without Markdown's limit; the sanitiser's parser is quadratic
        htmltree.parse(html)  # raises htmltree.TooDeep past the limit, in linear time
    return Html(sanitise(html))


def _raw_html(tokens: list[Token]) -> bool:
    """Return whether `tokens` hold HTML written as it is, in a block or inline."""
    inline = (child for token in tokens for child in token.children or ())
    return any(t.type in ("html_block", "html_inline") for t in (*tokens, *inline))


def _headings_from_top(tokens: list[Token]) -> None:
    """Renumber the headings of `tokens` so the highest is an h3, each level one below."""
    levels = sorted({int(t.tag[1]) for t in tokens if t.type == "heading_open"})
    rank = {level: min(TOP_HEADING + i, 6) for i, level in enumerate(levels)}
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{rank[int(token.tag[1])]}"


def for_check(markdown: str) -> Html:
    """Return `markdown` as sanitised HTML, made once (`_converted`) for all checks of one body."""
    return to_html(markdown, "check")


def block_tokens(markdown: str) -> list[Token]:
    """Return the tokens of `markdown`, each block's with its source lines (`map`)."""
    return _parser("en").parse(markdown)


def unsanitised_html(markdown: str) -> str:
    """Return `markdown` as HTML before sanitising, to find what it asks for."""
    return str(_parser("en").render(markdown)) if markdown.strip() else ""


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
