"""Markdown footnotes made ready for print: each note moved to where it is called.

markdown-it writes a reference `<sup class="footnote-ref">` in the text and the
notes in a list at the end. Paged media wants the note itself at the call site
(`float: footnote`), so WeasyPrint can set it at the foot of the same page.
"""

from __future__ import annotations

import re

import markupsafe

_NOTES = re.compile(
    r'\s*<hr class="footnotes-sep">\s*<section class="footnotes">\s*'
    r'<ol class="footnotes-list">(?P<items>.*?)</ol>\s*</section>',
    re.DOTALL,
)
_ITEM = re.compile(r'<li id="(?P<id>fn-[^"]+)" class="footnote-item">(?P<body>.*?)</li>', re.DOTALL)
_BACKREF = re.compile(r'\s*<a href="#fnref-[^"]+" class="footnote-backref">[^<]*</a>')
_REF = re.compile(
    r'<sup class="footnote-ref"><a href="#(?P<id>fn-[^"]+)" id="fnref-[^"]+">'
    r"\[(?P<label>[^\]<]*)\]</a></sup>"
)
_PARAGRAPHS = re.compile(r"</p>\s*<p>")


def for_print(html: str) -> markupsafe.Markup:
    """Return `html` with each footnote placed, as a `<span class="footnote">`, at its call."""
    found = _NOTES.search(html)
    if found is None:
        return markupsafe.Markup(html)
    notes = {m["id"]: _inline(m["body"]) for m in _ITEM.finditer(found["items"])}
    html = html[: found.start()] + html[found.end() :]
    placed: set[str] = set()

    def call(ref: re.Match[str]) -> str:
        note = notes.get(ref["id"])
        if note is None or ref["id"] in placed:
            # A note called twice is printed once; later calls repeat its number.
            return f'<sup class="footnote-again">{ref["label"].partition(":")[0]}</sup>'
        placed.add(ref["id"])
        return f'<span class="footnote">{note}</span>'

    html = _REF.sub(call, html)
    # A note whose call was not found is kept, at the end, rather than lost.
    left = [f"<li>{note}</li>" for key, note in notes.items() if key not in placed]
    if left:
        html += '\n<ol class="footnotes-left">' + "".join(left) + "</ol>"
    return markupsafe.Markup(html)


def _inline(body: str) -> str:
    """Return a note's HTML as inline content: no back-links, paragraphs joined by line breaks."""
    body = _BACKREF.sub("", body).strip()
    body = _PARAGRAPHS.sub("<br>", body)
    return body.removeprefix("<p>").removesuffix("</p>").strip()
