"""The preview's HTTP server: the standard library's threading server, GET and HEAD only.

Paths mirror build/ (`/119/psg-update-119.html`, `.txt`, `.pdf`, `/web/...`),
plus the preview page `/119/`, the list of issues `/` and the reload events
`/_psgnews/events`. Only what the server rendered is served: a path is looked
up among the outputs in memory, or among the copies of the images an issue's
content shows (never the originals); nothing else of the disk is reachable,
and there is no directory listing.

A connection that sends no request (or takes no answer) for IDLE_TIMEOUT
seconds is closed, and at most MAX_CONNECTIONS are served at once: a client,
even one that leaves mid-answer, costs the editor nothing and prints nothing.

A request whose Host header names another host is refused, so a web page
elsewhere cannot reach the preview through a name it points at this machine
(DNS rebinding, as Jupyter and Vite refuse it too).
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import re
import resource
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from psgnews.serve import pages
from psgnews.serve.events import Events
from psgnews.serve.previews import Previews

LOG = logging.getLogger("psgnews.serve")
EVENTS = "/_psgnews/events"
TYPES = {
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "xml": "application/atom+xml; charset=utf-8",
    "pdf": "application/pdf",
    "css": "text/css; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
    "woff2": "font/woff2",
}
# An issue number has at most 9 digits: more is no issue's (and over 4,300, not even an int).
ISSUE_PATH = re.compile(r"/(\d{1,9})(/.*)?")
WEB_ISSUE_FILE = re.compile(r"(\d{1,9})/(.+)")
IDLE_TIMEOUT = 10  # seconds a connection may take to send its request, or to take an answer
# Connections served at once; more are closed at once. Half the descriptors at most: each
# holds one, and a server out of them cannot accept (its accept loop would spin).
MAX_CONNECTIONS = 64
HOST = re.compile(r"(\[[0-9a-fA-F:.]+\]|[^:\[\]/]+)(?::(\d{1,5}))?")  # name or [IPv6], port


@dataclass
class Response:
    """What a request gets: a status, a body and its type."""

    status: int
    body: bytes
    content_type: str = TYPES["html"]
    headers: dict[str, str] = field(default_factory=dict)


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server that knows the previews and the address it serves."""

    daemon_threads = True  # an open event stream must not keep Ctrl-C waiting

    def __init__(
        self, host: str, listening: socket.socket, previews: Previews, events: Events
    ) -> None:
        self.address_family = listening.family
        super().__init__(listening.getsockname()[:2], Handler, bind_and_activate=False)
        self.socket.close()  # the one made above: the socket given listens already
        self.socket = listening
        self.host = host  # as the user gave it: what the Host header must name
        self.port = int(self.server_address[1])
        self.previews = previews
        self.events = events
        self.started = pages.server_id()
        self.slots = threading.BoundedSemaphore(connection_limit())

    def get_request(self) -> tuple[socket.socket, Any]:
        try:
            return super().get_request()
        except OSError as e:
            if e.errno in (errno.EMFILE, errno.ENFILE):
                time.sleep(0.1)  # out of descriptors: wait for some to close, do not spin
            raise

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)  # too many at once: closed, never held
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):  # a client gone, or too slow: theirs, not a bug
            LOG.debug("connection from %s ended: %r", client_address, error)
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        """Return the server's address, e.g. http://127.0.0.1:8000/."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


def connection_limit() -> int:
    """Return how many connections to serve at once: MAX_CONNECTIONS, or half the descriptors."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return (
        MAX_CONNECTIONS
        if soft == resource.RLIM_INFINITY
        else max(4, min(MAX_CONNECTIONS, soft // 2))
    )


class Handler(BaseHTTPRequestHandler):
    """Answer one request from what the previews hold."""

    server: PreviewServer
    server_version = "psgnews-serve"
    timeout = IDLE_TIMEOUT  # for each read and write: an idle client lets go of its thread

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:
        LOG.debug(format, *args)  # one line per request is noise in an editor's terminal

    def _answer(self, body: bool) -> None:
        host = self.headers.get("Host")
        if not host_allowed(host, self.server.host, self.server.port):
            status = HTTPStatus.FORBIDDEN if host else HTTPStatus.BAD_REQUEST
            self._send(Response(status, pages.message(status, "This host name is not served.")))
            return
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            self._stream(body)
            return
        try:
            response = route(self.server.previews, path)
        except Exception as e:  # a bug: say so, and keep serving
            LOG.error("internal error answering %s", path, exc_info=e)
            response = Response(500, pages.message(500, f"internal error: {e!r}"))
        self._send(response, body)

    def _send(self, response: Response, body: bool = True) -> None:
        self.send_response(response.status)
        headers = {"Content-Type": response.content_type, **response.headers}
        headers |= {"Content-Length": str(len(response.body)), "Cache-Control": "no-store"}
        headers["X-Content-Type-Options"] = "nosniff"
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(response.body)

    def _stream(self, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not body:
            return
        previews, started = self.server.previews, self.server.started
        try:
            for text in self.server.events.stream(lambda: pages.hello(previews, started)):
                self.wfile.write(text.encode())
                self.wfile.flush()
        except OSError:  # the page was closed or reloaded
            pass


def listen(host: str, port: int) -> socket.socket:
    """Return a socket listening on `host`:`port` (0: a free port); raise OSError if it cannot."""
    listening = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        # As http.server does: a server started again takes its port at once (not a port in use).
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(PreviewServer.request_queue_size)
    except BaseException:
        listening.close()
        raise
    return listening


def route(previews: Previews, path: str) -> Response:
    """Return the response to a GET of `path`."""
    if path == "/":
        return Response(200, pages.index(previews))
    if path in ("/web", "/web/"):
        path = "/web/index.html"
    if path.startswith("/web/"):
        return _web(previews, path.removeprefix("/web/"))
    if (match := ISSUE_PATH.fullmatch(path)) and int(match[1]) in previews.numbers():
        number, rest = int(match[1]), match[2]
        if rest is None:
            return Response(301, b"", headers={"Location": f"/{number}/"})
        if rest == "/":
            return Response(200, pages.preview(previews, number))
        return _output(previews, number, rest.removeprefix("/"))
    return _not_found()


def _output(previews: Previews, number: int, name: str, *, watch: bool = True) -> Response:
    """Return issue `number`'s output `name` (its email, text or PDF), or the errors met."""
    base = previews.basename(number)
    if name == f"{base}.pdf":
        preview = previews.with_pdf(number, watch=watch)
        return _file(name, preview.pdf) if preview.pdf else _failed(preview.problems)
    if name in (f"{base}.html", f"{base}.txt"):
        preview = previews.get(number, watch=watch)
        data = preview.files.get(name)
        return _file(name, data) if data is not None else _failed(preview.problems)
    return _not_found()


def _web(previews: Previews, name: str) -> Response:
    """Return page `name` of the web archive, or a PDF or image beside an issue's page."""
    site, errors = previews.site()
    if errors:
        return _failed(errors)
    if name in site:
        return _file(name, site[name])
    match = WEB_ISSUE_FILE.fullmatch(name)
    if not match or int(match[1]) not in previews.numbers():
        return _not_found()
    number = int(match[1])
    if match[2] == f"{previews.basename(number)}.pdf":
        return _output(previews, number, match[2], watch=False)
    if (copy := previews.web_copy(number, match[2])) is None:
        return _not_found()
    return _file(name, copy)


def _file(name: str, data: bytes) -> Response:
    kind = TYPES.get(name.rpartition(".")[2].lower(), "application/octet-stream")
    return Response(200, data, kind)


def _failed(errors: list[str]) -> Response:
    text = "\n".join(["This output could not be made:", *errors]) + "\n"
    return Response(500, text.encode(), TYPES["txt"])


def _not_found() -> Response:
    return Response(404, pages.message(404, "Nothing is served here."))


def host_allowed(header: str | None, served: str, port: int) -> bool:
    """Return whether Host `header` names the address served (host `served`, `port`).

    Serving loopback, localhost and the loopback addresses are the same host; serving
    every interface (0.0.0.0 or ::), so is any IP address: DNS rebinding needs a name.
    """
    match = HOST.fullmatch((header or "").strip())
    if match is None or int(match[2] or 80) != port:
        return False
    name = match[1].strip("[]").lower().rstrip(".")
    if name == served.lower():
        return True
    address, bound = _ip(name), _ip(served)
    if bound is not None and bound.is_unspecified:
        return address is not None or name == "localhost"
    if served == "localhost" or (bound is not None and bound.is_loopback):
        return name == "localhost" or (address is not None and address.is_loopback)
    return False


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None
