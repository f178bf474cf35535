"""The email family of outputs: HTML email, plain text, `.eml` and the `.eml` with the PDF.

The HTML is measured against Gmail's clipping limit before anything is written.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from psgnews.content.model import Issue
from psgnews.core import cache
from psgnews.render import budget, documents, eml

EMAIL_FORMATS = frozenset({"email", "text", "eml"})


def outputs(
    issue: Issue,
    formats: Collection[str],
    *,
    pdf: bytes | None = None,
    allow_clipping: bool = False,
) -> dict[str, bytes]:
    """Return the requested email outputs by file name; with `pdf`, also `<name>-pdf.eml`."""
    name = issue.basename
    result: dict[str, bytes] = {}
    if EMAIL_FORMATS & set(formats):
        html, text = documents.email_html(issue), documents.text(issue)
        if {"email", "eml"} & set(formats):
            budget.check(html, f"issue {issue.number}", allow_clipping=allow_clipping)
        if "email" in formats:
            result[f"{name}.html"] = html.encode()
        if "text" in formats:
            result[f"{name}.txt"] = text.encode()
        if "eml" in formats:
            result[f"{name}.eml"] = eml.to_bytes(eml.message(issue, text, html))
    if pdf is not None:
        result[f"{name}-pdf.eml"] = eml.to_bytes(eml.compose(issue, pdf=pdf))
    return result


def check_size(issue: Issue, root: Path, *, allow_clipping: bool = False) -> int:
    """Check the HTML email against Gmail's clipping size; return its bytes.

    The size of an unchanged issue's email is remembered in the cache of the
    project at `root` (`content.cache`), not rendered again.
    """
    size = cache.recall(root, f"email-size-{issue.number}", issue.digest)
    if not isinstance(size, int):
        size = len(documents.email_html(issue).encode("utf-8"))
        cache.keep(root, f"email-size-{issue.number}", issue.digest, size)
    return budget.check_bytes(size, f"issue {issue.number}", allow_clipping=allow_clipping)
