"""The server's own pages: the preview of an issue, the list of issues, and short messages.

They are psgnews's pages, not the newsletter's, so their templates ship in this
package (`templates/`) rather than in the project's layouts.
"""

from __future__ import annotations

import functools
import html
import json
import secrets
from pathlib import Path

import jinja2
import markupsafe

from psgnews.serve.previews import Previews

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.cache
def _environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


@functools.cache
def _asset(name: str) -> markupsafe.Markup:
    """Return the page's own CSS or JavaScript, as written (it is psgnews's, not the user's)."""
    return markupsafe.Markup((TEMPLATES / name).read_text(encoding="utf-8"))


def server_id() -> str:
    """Return a name for this run of the server, so open pages notice a restart."""
    return secrets.token_hex(8)


def preview(previews: Previews, number: int) -> bytes:
    """Return the preview page of issue `number`: the email at two widths, the text, the PDF."""
    shown = previews.get(number)
    issue = shown.issue
    base = previews.basename(number)
    context = {
        "number": number,
        "version": shown.version,
        "title": issue.title if issue else f"Issue {number}",
        "date": issue.date_text if issue else "",
        "base": base,
        "web_base": issue.web_url if issue else "",
        "pdf": "ready" if shown.pdf is not None else "rendering" if shown.pdf_asked else "none",
        "errors": shown.problems,
        "text": shown.files.get(f"{base}.txt", b"").decode(),
        "style": _asset("preview.css"),
        "script": _asset("preview.js"),
    }
    return _environment().get_template("preview.html.j2").render(context).encode()


def index(previews: Previews) -> bytes:
    """Return the list of the project's issues, newest first."""
    numbers = sorted(previews.numbers(), reverse=True)
    context = {"numbers": numbers, "style": _asset("preview.css")}
    return _environment().get_template("index.html.j2").render(context).encode()


def message(status: int, text: str) -> bytes:
    """Return a short page saying `text`, for an answer that is not a file."""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{status}</title></head><body><h1>{status}</h1>"
        f"<p>{html.escape(text)}</p></body></html>\n"
    ).encode()


def hello(previews: Previews, server: str) -> str:
    """Return the event a page gets on connecting: this server's name and each issue's state."""
    data = {"server": server, "issues": previews.states()}
    return f"event: hello\ndata: {json.dumps(data)}\n\n"
