"""The renderers of psgnews's text outputs: each takes the one frozen `Issue`.

The PDF is in `psgnews.render.pdf.weasy` (it alone imports WeasyPrint) and the `.eml` in
`psgnews.render.eml`; both start from what is rendered here. The email renderers
take a `Recipient` (default: the placeholder of psgnews.yaml), so a sender
can personalise each member's copy.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import cache, partial
from typing import Any

from psgnews.content.model import Issue
from psgnews.render import emailhtml, layouts, plaintext
from psgnews.render.recipient import Recipient, placeholder

RULE = "* " * 35 + "*"


def context(issue: Issue, **extra: Any) -> dict[str, Any]:
    """Return the variables every template receives."""
    return {"issue": issue, "config": issue.config, **extra}


def email_context(issue: Issue, recipient: Recipient | None) -> dict[str, Any]:
    """Return the variables of the email templates, HTML and text."""
    return context(
        issue,
        recipient=recipient or placeholder(issue.config),
        pdf_name=f"{issue.basename}.pdf",
        pdf_url=emailhtml.absolute(issue, f"{issue.basename}.pdf"),
    )


def email_html(issue: Issue, recipient: Recipient | None = None, *, pdf_note: bool = False) -> str:
    """Return the HTML email (or, with `pdf_note`, the note sent with the PDF), CSS inlined."""
    html = layouts.render(
        issue.layout_dirs,
        "email-pdf.html.j2" if pdf_note else "email.html.j2",
        **email_context(issue, recipient),
        preheader=emailhtml.preheader(issue),
        preheader_filler=emailhtml.PREVIEW_FILLER,
        fragment=partial(emailhtml.fragment, issue),
        absolute=partial(emailhtml.absolute, issue),
        image_url=partial(emailhtml.image_url, issue),
        image_size=partial(emailhtml.image_size, issue),
        image_width=partial(emailhtml.image_width, issue),
    )
    return str(_inliner().inline(html)).rstrip("\n") + "\n"


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
        found = layouts.find_file(issue.layout_dirs, name)  # in the first layout that has it
        dirs = zip(issue.layout, issue.layout_dirs, strict=True)
        layout = next(layout for layout, folder in dirs if found.is_relative_to(folder))
        return posixpath.relpath(f"layouts/{layout}/{name}", issue.folder_name)

    return url


def text(issue: Issue, recipient: Recipient | None = None, *, pdf_note: bool = False) -> str:
    """Return the plain-text email (or the note sent with the PDF), wrapped at 72 columns."""
    base = issue.web_url
    bodies = {a.slug: plaintext.html_to_text(a.body_html, base=base) for a in issue.articles}
    standing = {p.slug: plaintext.html_to_text(p.body_html, base=base) for p in issue.standing}
    editorial = plaintext.html_to_text(issue.editorial_html, base=base)
    result = layouts.render(
        issue.layout_dirs,
        "text-pdf.txt.j2" if pdf_note else "text.txt.j2",
        **email_context(issue, recipient),
        bodies=bodies,
        standing_text=standing,
        editorial=editorial,
        rule=RULE,
    )
    return "\n".join(line.rstrip() for line in result.strip().splitlines()) + "\n"


@cache
def _inliner() -> Any:
    import css_inline  # only the HTML email needs it

    # Rules that match nothing here (client fixes) and @media rules stay in <style>.
    return css_inline.CSSInliner(
        keep_style_tags=True,
        remove_inlined_selectors=True,
        keep_at_rules=True,
        minify_css=True,
        load_remote_stylesheets=False,
    )
