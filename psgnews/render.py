"""The renderers of psgnews's text outputs: each takes the one frozen `Issue`.

The PDF is in `psgnews.pdf` (it alone imports WeasyPrint) and the `.eml` in
`psgnews.eml`; both start from what is rendered here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import css_inline

from psgnews import layouts, plaintext
from psgnews.model import Issue


def context(issue: Issue, **extra: Any) -> dict[str, Any]:
    """Return the variables every template receives."""
    return {"issue": issue, "config": issue.config, **extra}


def email_html(issue: Issue) -> str:
    """Return the HTML email, its CSS inlined (media queries kept)."""
    html = layouts.render(issue.layout_dirs, "email.html.j2", **context(issue))
    return _inliner().inline(html)


def print_html(issue: Issue) -> str:
    """Return the HTML the PDF is made from."""
    return layouts.render(
        issue.layout_dirs, "print.html.j2", **context(issue, layout_url=_layout_url(issue))
    )


def _layout_url(issue: Issue) -> Callable[[str], str]:
    """Return a function giving a layout file's URL relative to the issue folder.

    Relative, so the print HTML (and so the PDF) is the same wherever the root lies.
    """

    def url(name: str) -> str:
        path = layouts.find_file(issue.layout_dirs, name)
        return Path(os.path.relpath(path, issue.folder)).as_posix()

    return url


def text(issue: Issue) -> str:
    """Return the plain-text email, wrapped at 72 columns."""
    bodies = {a.slug: plaintext.html_to_text(a.body_html) for a in issue.articles}
    standing = {p.slug: plaintext.html_to_text(p.body_html) for p in issue.standing}
    editorial = plaintext.html_to_text(issue.editorial_html)
    result = layouts.render(
        issue.layout_dirs,
        "text.txt.j2",
        **context(issue, bodies=bodies, standing_text=standing, editorial=editorial),
    )
    return "\n".join(line.rstrip() for line in result.strip().splitlines()) + "\n"


@cache
def _inliner() -> css_inline.CSSInliner:
    return css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
