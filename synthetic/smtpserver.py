"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, keeping the raw bytes it takes.

Faults are scripted per recipient or per transaction: temporary (4xx) and
permanent (5xx) refusals of RCPT, a dropped connection at MAIL, and a dropped
connection after the whole message arrived (with or without keeping it).
"""

from __future__ import annotations

import email
import gc
import os
import signal
import socket
import ssl
import subprocess
import threading
import warnings
from collections import Counter
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Taken:
    """One message the server took: its envelope and raw bytes."""

    sender: str
    recipients: list[str]
    raw: bytes

    def parsed(self) -> EmailMessage:
        """Return the message parsed with the standard library's default policy."""
        msg = email.message_from_bytes(self.raw, policy=default)
        assert isinstance(msg, EmailMessage)
        return msg


@dataclass
class Script:
    """What the server does besides taking messages."""

    defer: dict[str, list[str]] = field(default_factory=dict)  # replies to give first, by address
    refuse: dict[str, str] = field(default_factory=dict)  # the reply always given, by address
    drop_at_mail: set[int] = field(default_factory=set)  # transaction numbers (1-based)
    drop_after_data: dict[int, bool] = field(default_factory=dict)  # number -> keep the message?
    kill_after_data: dict[int, int] = field(default_factory=dict)  # number -> pid to SIGKILL
    mail_reply: str = ""  # a reply to every MAIL FROM, e.g. a 553


class Handler:
    """The aiosmtpd handler: follows the script, keeps every message taken."""

    def __init__(self) -> None:
        self.script = Script()
        self.taken: list[Taken] = []
        self.transactions = 0
        self.lock = threading.Lock()

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        with self.lock:
            self.transactions += 1
            number = self.transactions
        if number in self.script.drop_at_mail:
            server.transport.close()
            return "421 4.3.0 closing"
        if self.script.mail_reply:
            return self.script.mail_reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.script.refuse:
            return self.script.refuse[address]
        if self.script.defer.get(address):
            return self.script.defer[address].pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        number = self.transactions
        keep = self.script.drop_after_data.get(number, True)
        if keep:
            with self.lock:
                self.taken.append(
                    Taken(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
                )
        if number in self.script.kill_after_data:
            os.kill(self.script.kill_after_data[number], signal.SIGKILL)
        if number in self.script.drop_after_data:
            server.transport.close()
        return "250 2.0.0 OK: queued"


class SmtpServer:
    """aiosmtpd on a free port of 127.0.0.1: plain, STARTTLS, or TLS from the start."""

    def __init__(
        self, tls: str = "none", cert: Path | None = None, login: tuple[str, str] | None = None
    ) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.tls = tls
        kwargs: dict[str, Any] = {"enable_SMTPUTF8": True}
        context = None
        if cert is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, cert.with_suffix(".key"))
        if tls == "starttls":
            kwargs |= {"tls_context": context, "require_starttls": True}
        if login is not None:
            # aiosmtpd counts only STARTTLS as TLS; TLS from the start is encrypted too.
            starttls = tls != "implicit"
            kwargs |= {"authenticator": _authenticator(*login), "auth_required": starttls}
            kwargs["auth_require_tls"] = starttls
        self.controller = Controller(
            self.handler,
            hostname="127.0.0.1",
            port=self.port,
            ssl_context=context if tls == "implicit" else None,
            **kwargs,
        )

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
        # aiosmtpd's TLS server leaves the transports of closed connections to the
        # garbage collector: collect them now, quietly, not in some later test.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()

    @property
    def script(self) -> Script:
        """Return the script the server follows (change it before the run)."""
        return self.handler.script

    @property
    def taken(self) -> list[Taken]:
        """Return every message taken so far."""
        with self.handler.lock:
            return list(self.handler.taken)

    def copies(self) -> Counter[str]:
        """Return how many messages each recipient got."""
        return Counter(r for t in self.taken for r in t.recipients)

    def settings(self, **extra: object) -> dict[str, object]:
        """Return the smtp: settings of psgnews.yaml that reach this server."""
        return {
            "host": "127.0.0.1",
            "port": self.port,
            "tls": self.tls,
            "retry_delay": 0.01,
            **extra,
        }


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed(folder: Path) -> Path:
    """Make a certificate for 127.0.0.1 with openssl; return its .pem (the key is beside it)."""
    cert = folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(cert.with_suffix(".key")), "-out", str(cert),
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert


def _authenticator(user: str, password: str) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            user.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False)  # handled=False: the server replies 535

    return check


def configure(project: Path, server: SmtpServer | None, **smtp: object) -> None:
    """Point the project's psgnews.yaml at `server` (or remove its smtp: settings)."""
    path = project / "psgnews.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.pop("smtp", None)
    if server is not None:
        config["smtp"] = server.settings(**smtp)
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def write_members(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """Write a members list with the header email,name,format,status."""
    lines = ["email,name,format,status", *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def many(count: int, fmt: str = "email") -> list[tuple[str, str, str, str]]:
    """Return `count` active members m1@example.org ... named Member 1 ..."""
    return [(f"m{i}@example.org", f"Member {i}", fmt, "active") for i in range(1, count + 1)]
