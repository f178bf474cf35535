"""The unsubscribe endpoint: the page `unsubscribe.url` points at, as a WSGI application.

- `POST` with `List-Unsubscribe=One-Click` and the link's valid token unsubscribes
  at once and answers 200: no cookie, no redirect, no login (RFC 8058). The
  page's button posts the same.
- `GET` shows the page with that one button: mail scanners open links, so a GET
  never unsubscribes by itself.
- A missing or wrong token answers 4xx and records nothing; tokens are compared in
  constant time; unsubscribing twice changes nothing.
- `GET <url>/export?since=TIME` with `Authorization: Bearer <export secret>` hands
  the unsubscribes since TIME to `members sync`, as JSON.

Any WSGI server runs it; `psgnews unsubscribe-server` runs it under waitress.
"""

from __future__ import annotations

import datetime
import functools
import hmac
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jinja2

from psgnews.content.settings import Config
from psgnews.core.errors import SendError
from psgnews.send import tokens
from psgnews.send.unsubscribes import Store, moment

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_BODY = 16 * 1024  # a one-click body is 26 bytes; a browser's form a few more
MAX_ADDRESS = 320
EXPORT = "/export"
HEADERS = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    # The page's URL holds the member's token: never send it on to another site.
    ("Referrer-Policy", "no-referrer"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    ),
    ("X-Frame-Options", "DENY"),
]
StartResponse = Callable[..., Any]
Answer = tuple[str, list[tuple[str, str]], bytes]


@dataclass(frozen=True)
class Settings:
    """What the endpoint needs: whose page it is, the tokens' key, the export's secret."""

    publication: str
    newsletter: str
    secret: bytes
    export_secret: bytes | None


class Endpoint:
    """The WSGI application."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store, self.settings = store, settings

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        status, headers, body = self.answer(environ)
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def answer(self, environ: dict[str, Any]) -> Answer:
        """Return the status, headers and body that answer the request `environ`."""
        method = environ.get("REQUEST_METHOD", "GET")
        query = parse_qs(environ.get("QUERY_STRING", ""), max_num_fields=10)
        if environ.get("PATH_INFO", "").rstrip("/").endswith(EXPORT):
            return self._export(environ, method, query)
        if method not in ("GET", "POST"):
            return _page(
                "405 Method Not Allowed", self._look("Not allowed", []), [("Allow", "GET, POST")]
            )
        address, given = _one(query, "email"), _one(query, "token")
        if not address or not given or len(address) > MAX_ADDRESS:
            lines = ["This link is incomplete: open the unsubscribe link of your email as it is."]
            return _page("400 Bad Request", self._look("Link not recognised", lines))
        if not tokens.matches(self.settings.secret, address, given):
            lines = [
                "This unsubscribe link is not valid: nothing has changed.",
                "Open the link of your email as it is, or reply to the email to unsubscribe.",
            ]
            return _page("403 Forbidden", self._look("Link not recognised", lines))
        if method == "GET":
            lines = [f"Stop sending the {self.settings.newsletter} to {address}?"]
            return _page("200 OK", self._look("Unsubscribe", lines, ask=True))
        if not _one_click(environ):
            lines = ["This request did not ask to unsubscribe: press the button on the page."]
            return _page("400 Bad Request", self._look("Not unsubscribed", lines))
        self.store.record(address, "one-click")
        lines = [f"{address} will not be sent the {self.settings.newsletter} again."]
        return _page("200 OK", self._look("You are unsubscribed", lines))

    def _export(self, environ: dict[str, Any], method: str, query: dict[str, list[str]]) -> Answer:
        """Answer the export: the unsubscribes since `since`, to the holder of the export secret."""
        secret = self.settings.export_secret
        given = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").encode()
        if secret is None or not hmac.compare_digest(secret, given):
            return _text("403 Forbidden", "the export needs its secret\n")
        if method != "GET":
            return _text("405 Method Not Allowed", "GET only\n")
        try:
            since = moment(datetime.datetime.fromisoformat(_one(query, "since") or "1970-01-01"))
        except ValueError:
            return _text("400 Bad Request", "since: not a time like 2026-01-31T12:00:00Z\n")
        rows = [vars(row) for row in self.store.since(since)]
        body = json.dumps({"since": since, "unsubscribes": rows}, indent=1).encode()
        return "200 OK", [("Content-Type", "application/json"), *HEADERS], body

    def _look(self, heading: str, lines: list[str], *, ask: bool = False) -> bytes:
        page = _template().render(
            publication=self.settings.publication, heading=heading, lines=lines, ask=ask
        )
        return page.encode()


def _one_click(environ: dict[str, Any]) -> bool:
    """Return whether the request's form says `List-Unsubscribe=One-Click` (RFC 8058)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    if not 0 < length <= MAX_BODY:
        return False
    body = environ["wsgi.input"].read(length)
    kind = environ.get("CONTENT_TYPE", "")
    if kind.startswith("multipart/form-data"):
        head = f"MIME-Version: 1.0\r\nContent-Type: {kind}\r\n\r\n".encode()
        form = BytesParser(policy=default).parsebytes(head + body)
        return any(
            part.get_param("name", header="content-disposition") == "List-Unsubscribe"
            and part.get_payload() == "One-Click"
            for part in form.iter_parts()
        )
    fields = parse_qs(body.decode("ascii", "replace"), max_num_fields=10)
    return fields.get("List-Unsubscribe") == ["One-Click"]


def _one(query: dict[str, list[str]], name: str) -> str:
    """Return the one value of `name` in the query, or "" when missing or given twice."""
    values = query.get(name, [])
    return values[0].strip() if len(values) == 1 else ""


def _page(status: str, body: bytes, extra: list[tuple[str, str]] | None = None) -> Answer:
    return status, [("Content-Type", "text/html; charset=utf-8"), *HEADERS, *(extra or [])], body


def _text(status: str, text: str) -> Answer:
    return status, [("Content-Type", "text/plain; charset=utf-8"), *HEADERS], text.encode()


@functools.cache
def _template() -> jinja2.Template:
    """Return the page's template, loaded once: the package's file does not change."""
    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    environment = jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, auto_reload=False
    )
    return environment.get_template("unsubscribe.html.j2")


def endpoint(config: Config, database: Path) -> Endpoint:
    """Return the endpoint of the project's `unsubscribe:` settings, recording in `database`."""
    settings = config.unsubscribe
    if settings is None or settings.url is None:
        raise SendError("psgnews.yaml has no unsubscribe: url: the page this server answers")
    secret = tokens.secret_from(settings.secret_env, "the unsubscribe links' tokens, as for send")
    export = None
    if os.environ.get(settings.export_secret_env):
        export = tokens.secret_from(settings.export_secret_env, "the export of unsubscribes")
        if export == secret:
            raise SendError(f"{settings.export_secret_env} must differ from {settings.secret_env}")
    look = Settings(config.publication, config.newsletter, secret, export)
    return Endpoint(Store(database), look)


def serve(app: Endpoint, host: str, port: int) -> None:
    """Serve `app` with waitress on `host`:`port` until stopped."""
    import waitress

    # Measured with benchmarks/unsubscribe_bench.py on 2 cores: 8 threads, not waitress's 4
    # (a thread waiting for its fsync holds no CPU, and those waiting together share one,
    # Store.record) nor 16 (more threads only queue for the one GIL: a lower p50, a higher p99).
    waitress.serve(app, host=host, port=port, ident="psgnews", threads=8)
