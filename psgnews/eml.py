"""The `.eml`: the issue as a ready-to-send multipart/alternative message."""

from __future__ import annotations

import datetime
import hashlib
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime

from psgnews.errors import HeaderInjectionError
from psgnews.model import Issue

# Noon UTC on the issue date: a Date header that reads as that day everywhere.
SEND_TIME = datetime.time(12, 0, tzinfo=datetime.UTC)


def message(issue: Issue, text: str, html: str) -> EmailMessage:
    """Return the issue as an email: plain text first, then HTML."""
    config = issue.config
    msg = EmailMessage(policy=default)
    sender = Address(safe(config.sender.name), addr_spec=safe(config.sender.address))
    msg["From"] = sender
    msg["To"] = safe(config.recipient)
    msg["Subject"] = safe(issue.subject)
    msg["Date"] = format_datetime(datetime.datetime.combine(issue.date, SEND_TIME))
    msg["Message-ID"] = f"<{issue.basename}@{sender.domain}>"
    msg["MIME-Version"] = "1.0"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    # A boundary from the content, so the same issue always makes the same bytes.
    digest = hashlib.sha256((text + html).encode()).hexdigest()[:32]
    msg.set_boundary(f"=_psgnews_{digest}")
    return msg


def to_bytes(msg: EmailMessage) -> bytes:
    """Return the message as the bytes of an .eml file."""
    return msg.as_bytes(policy=default)


def safe(value: str) -> str:
    """Return `value`, refusing a carriage return or line feed (header injection)."""
    if "\r" in value or "\n" in value:
        raise HeaderInjectionError(f"refused an email header value with a line break: {value!r}")
    return value
