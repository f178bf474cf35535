"""Typographic quotes, apostrophes and dashes, by the language of the text.

Bodies get them from markdown-it's typographer (this module's rules replace its
`replacements` rule); titles and summaries, which are plain text, get them from
the same rules run on a one-line token stream, so every output reads alike.
Code and addresses are left as written.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.replacements import replace_rare
from markdown_it.token import Token

# The quote marks of each language: double open, double close, single open, single close.
# Spanish takes curly double quotes, not « »: the Group's own texts (and the Peruvian
# press it quotes) write “ ”, and the legacy pages repaired on import hold “Ojo”.
QUOTES = {"en": "“”‘’", "es": "“”‘’"}
# A hyphen standing between spaces is a dash: en-GB sets it as a spaced en dash.
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
# A range of years (1998-99, 2003-2006) takes an en dash; a date (2007-01-31) does not.
# A currency and the unit of its figures ("US$ m", "£ bn") are one word: a line may not part them.
_MONEY = re.compile(r"(?<![\w$])((?:[A-Z]{1,3})?\$|£|€|S/\.?) (?=(?:m|bn|k|million|billion)\b)")
_YEARS = re.compile(r"(?<![\d-])((?:1[89]|20)\d\d)-((?:1[89]|20)?\d\d)(?![\d-])")


def parser(lang: str) -> MarkdownIt:
    """Return a new Markdown parser for `lang`: CommonMark, tables, links found in bare text."""
    options = {"typographer": True, "linkify": True, "quotes": QUOTES.get(lang, QUOTES["en"])}
    md = MarkdownIt("commonmark", options).enable(["table", "linkify", "smartquotes"])
    md.core.ruler.before("smartquotes", "typography", dashes)
    return md


def dashes(state: StateCore) -> None:
    """Set dashes, ellipses and no-break spaces in the text of `state`, not in addresses."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        _protect_addresses(block.children)
        replace_rare(block.children)
        for token in block.children:
            if token.type == "text":
                dashed = _SPACED_HYPHEN.sub(" \u2013 ", token.content)
                dashed = _YEARS.sub("\\1\u2013\\2", dashed)
                token.content = _MONEY.sub("\\1\u00a0", dashed)


def _protect_addresses(tokens: list[Token]) -> None:
    """Hide the text of autolinks (and linkified addresses) from the typographic rules.

    They skip tokens that are not "text"; markdown-it's text_join makes them text again.
    """
    inside = False
    for token in tokens:
        if token.type in ("link_open", "link_close") and token.info == "auto":
            inside = token.type == "link_open"
        elif inside and token.type == "text":
            token.type = "text_special"


def smarten(text: str, lang: str = "en") -> str:
    """Return plain `text` (a title, a summary) with typographic quotes and dashes."""
    if not text:
        return text
    md = _plain_parser(lang)
    state = StateCore(text, md, {})
    line = Token("inline", "", 0, content=text, children=[Token("text", "", 0, content=text)])
    state.tokens = [line]
    rules = {rule.name: rule.fn for rule in md.core.ruler.__rules__}
    for name in ("linkify", "typography", "smartquotes"):  # as parsing a body runs them
        rules[name](state)
    return "".join(t.content for t in line.children or () if t.type in ("text", "text_special"))


@cache
def _plain_parser(lang: str) -> MarkdownIt:
    return parser(lang)
