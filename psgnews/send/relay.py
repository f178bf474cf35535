"""The SMTP relay: one connection, reconnected when lost, one transaction per member.

Each transaction says how it ended, and whether the whole message (with its
final ".") had gone to the server: only then can the server have taken it.
"""

from __future__ import annotations

import enum
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass

from psgnews.content.settings import Smtp
from psgnews.core.errors import SmtpError

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_PERIODS = re.compile(rb"(?m)^\.")


class TransactionOutcome(enum.Enum):
    """How one transaction ended."""

    ACCEPTED = "accepted"  # 250 after the message: the server has it
    TRANSIENT = "transient"  # a 4xx reply: not taken, may be tried again later
    REFUSED = "refused"  # a 5xx reply: not taken, and will not be
    LOST = "lost"  # the connection failed before the message ended: not taken
    UNCONFIRMED = "unconfirmed"  # the connection failed after the message ended: unknown


@dataclass(frozen=True)
class TransactionResult:
    """The end of one transaction: its outcome and what the server said (or what failed)."""

    outcome: TransactionOutcome
    reply: str


class Unavailable(Exception):
    """The relay cannot be reached just now (refused, timed out, 4xx greeting); try again."""


@dataclass(frozen=True)
class Login:
    """The user and password to log in with, read from the environment."""

    user: str
    password: str


class Relay:
    """A connection to the configured SMTP relay, opened when first needed."""

    def __init__(self, settings: Smtp, sender: str, login: Login | None = None) -> None:
        if login and settings.tls == "none" and settings.host not in LOCAL_HOSTS:
            raise SmtpError(
                f"refusing to send the SMTP password to {settings.host} unencrypted;"
                " set smtp: tls: to starttls or implicit"
            )
        self.settings, self.sender, self.login = settings, sender, login
        self.smtp: smtplib.SMTP | None = None
        self.connections = 0

    def deliver(self, recipient: str, data: bytes, at_end: Callable[[], None]) -> TransactionResult:
        """Send `data` to `recipient`; call `at_end` just before the message's final "." goes."""
        smtp = self.smtp or self._connect()
        ended = False
        try:
            refused = self._envelope(smtp, recipient)
            if refused:
                return refused
            smtp.send(_quoted(data))
            at_end()
            ended = True
            smtp.send(b".\r\n")
            code, text = smtp.getreply()
        except (OSError, smtplib.SMTPException) as e:  # dropped, reset or timed out
            self.close()
            outcome = TransactionOutcome.UNCONFIRMED if ended else TransactionOutcome.LOST
            return TransactionResult(outcome, f"connection lost: {_reason(e)}")
        if code == 421:
            self.close()
        outcome = TransactionOutcome.ACCEPTED if code == 250 else _refusal(code)
        return TransactionResult(outcome, _reply(code, text))

    def close(self) -> None:
        """Say goodbye if the connection still works, and forget it."""
        smtp, self.smtp = self.smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()

    def _envelope(self, smtp: smtplib.SMTP, recipient: str) -> TransactionResult | None:
        """Send MAIL, RCPT and DATA, each only if the last was accepted; None means go ahead."""
        code, text = smtp.mail(self.sender)
        if code >= 500:
            self.close()
            raise SmtpError(f"the server refused the sender {self.sender}: {_reply(code, text)}")
        if code != 250:
            return self._refused(smtp, code, text)
        code, text = smtp.rcpt(recipient)
        if code not in (250, 251):  # 251: "not local; will forward"
            return self._refused(smtp, code, text)
        code, text = smtp.docmd("DATA")
        if code != 354:
            return self._refused(smtp, code, text)
        return None

    def _refused(self, smtp: smtplib.SMTP, code: int, text: bytes) -> TransactionResult:
        """End a refused transaction, so the next one starts clean; return how it ended."""
        if code == 421:  # the server is closing the connection
            self.close()
        else:
            try:
                smtp.rset()
            except (OSError, smtplib.SMTPException):
                self.close()
        return TransactionResult(_refusal(code), _reply(code, text))

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        where = f"{settings.host}:{settings.port}"
        try:
            smtp = _open(settings)
            if settings.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.login:
                smtp.login(self.login.user, self.login.password)
        except smtplib.SMTPAuthenticationError as e:
            reply = _reply(e.smtp_code, e.smtp_error)
            raise SmtpError(f"{where} refused the login: {reply}") from e
        except smtplib.SMTPNotSupportedError as e:
            raise SmtpError(f"{where}: {e}; check smtp: tls: in psgnews.yaml") from e
        except ssl.SSLCertVerificationError as e:
            raise SmtpError(f"{where}: its TLS certificate is not valid: {e.verify_message}") from e
        except smtplib.SMTPResponseException as e:
            if e.smtp_code >= 500:
                raise SmtpError(f"{where} refused us: {_reply(e.smtp_code, e.smtp_error)}") from e
            raise Unavailable(f"{where}: {_reply(e.smtp_code, e.smtp_error)}") from e
        except (OSError, smtplib.SMTPException) as e:
            raise Unavailable(f"cannot reach {where}: {_reason(e)}") from e
        self.smtp, self.connections = smtp, self.connections + 1
        return smtp


def _open(settings: Smtp) -> smtplib.SMTP:
    """Return a connection that has said EHLO (over TLS from the start if so configured)."""
    host, port, timeout = settings.host, settings.port, settings.timeout
    if settings.tls == "implicit":
        context = ssl.create_default_context()
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)  # a greeting other than 220 raises
    try:
        # The final "." goes in its own small write after the journal's commit: without
        # this, Nagle's algorithm holds it back until the server's delayed ACK (~40 ms).
        if smtp.sock is not None:
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        smtp.ehlo()
    except BaseException:
        smtp.close()
        raise
    return smtp


def _quoted(data: bytes) -> bytes:
    """Return the message as DATA sends it, leading dots doubled, ending in CRLF (no final ".")."""
    data = _PERIODS.sub(b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _refusal(code: int) -> TransactionOutcome:
    return TransactionOutcome.TRANSIENT if 400 <= code < 500 else TransactionOutcome.REFUSED


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}"


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__
