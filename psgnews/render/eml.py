"""The `.eml`: the issue as a ready-to-send message, with the headers bulk senders need.

`message` assembles text and HTML already rendered; `compose` renders them for
one `Recipient` first, so a sender can personalise each member's copy. Every
header value is checked for line breaks here (Python 3.11.7 does not check).
"""

from __future__ import annotations

import datetime
import hashlib
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime

from psgnews.content.model import Issue
from psgnews.content.settings import series
from psgnews.core.errors import RenderError
from psgnews.render import documents
from psgnews.render.recipient import Recipient, placeholder

# Noon UTC on the issue date: a Date header that reads as that day everywhere.
SEND_TIME = datetime.time(12, 0, tzinfo=datetime.UTC)


def compose(
    issue: Issue, recipient: Recipient | None = None, *, pdf: bytes | None = None
) -> EmailMessage:
    """Return `recipient`'s copy of the issue; with `pdf`, the short note with the PDF attached."""
    note = pdf is not None
    text = documents.text(issue, recipient, pdf_note=note)
    html = documents.email_html(issue, recipient, pdf_note=note)
    return message(issue, text, html, recipient=recipient, pdf=pdf)


def message(
    issue: Issue,
    text: str,
    html: str,
    *,
    recipient: Recipient | None = None,
    pdf: bytes | None = None,
) -> EmailMessage:
    """Return the email: plain text then HTML, and the PDF after them when given."""
    recipient = recipient or placeholder(issue.config)
    msg = EmailMessage(policy=default)
    _headers(msg, issue, recipient, variant="pdf" if pdf is not None else "")
    msg.set_content(text, cte="quoted-printable")
    msg.add_alternative(html, subtype="html", cte="quoted-printable")
    if pdf is not None:
        msg.make_mixed()
        msg.add_attachment(
            pdf, maintype="application", subtype="pdf", filename=f"{issue.basename}.pdf"
        )
    _stable_boundaries(msg)
    return msg


def to_bytes(msg: EmailMessage) -> bytes:
    """Return the message as the bytes of an .eml file."""
    return msg.as_bytes(policy=default)


def safe(value: str) -> str:
    """Return `value`, refusing any line break, even inside an encoded word (header injection).

    Line breaks are CR and LF, and every other one a reader may honour (U+0085,
    U+2028, ...); an encoded word (`=?utf-8?q?=0D=0A?=`) is checked as decoded.
    """
    if _breaks(value) or _breaks(_decoded(value)):
        raise RenderError(f"refused an email header value with a line break: {value!r}")
    return value


def _breaks(value: str) -> bool:
    """Return whether `value` holds a line break (as Python and mail clients read them)."""
    return "\r" in value or "\n" in value or value.splitlines() not in ([], [value])


def _decoded(value: str) -> str:
    """Return `value` with its RFC 2047 encoded words decoded, as a mail client shows it."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, HeaderParseError):  # not an encoded word after all
        return value


def _headers(msg: EmailMessage, issue: Issue, recipient: Recipient, variant: str) -> None:
    config = issue.config
    sender = _address(config.sender.address, config.sender.name)
    msg["From"] = sender
    msg["To"] = _address(recipient.address, recipient.name or "")
    msg["Subject"] = safe(issue.email_subject)
    msg["Date"] = format_datetime(datetime.datetime.combine(issue.date, SEND_TIME))
    msg["Message-ID"] = _message_id(issue, recipient, variant, sender.domain)
    msg["List-Id"] = safe(f"{config.publication} {config.newsletter} <{_list_id(issue)}>")
    links = [recipient.unsubscribe_mailto, recipient.unsubscribe_url]
    unsubscribe = [f"<{_header_url(link)}>" for link in links if link]
    if unsubscribe:
        msg["List-Unsubscribe"] = ", ".join(unsubscribe)
    if recipient.unsubscribe_url:
        # RFC 8058: mail providers may unsubscribe with one POST to the https link.
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"


def _address(addr_spec: str, name: str) -> Address:
    try:
        address = Address(safe(name), addr_spec=safe(addr_spec))
    except (ValueError, IndexError) as e:  # the email package's parse errors are ValueErrors
        raise RenderError(f"not an email address: {addr_spec!r} ({e})") from e
    if not address.domain or not address.username:
        raise RenderError(f"not an email address: {addr_spec!r}")
    return address


def _header_url(url: str) -> str:
    if any(c in url for c in "<>, \t\r\n\"'"):
        raise RenderError(f"refused an unsubscribe link that would break the header: {url!r}")
    return url


def _message_id(issue: Issue, recipient: Recipient, variant: str, domain: str) -> str:
    """Return an id stable across builds of one copy, and different for each copy."""
    parts = [issue.basename, variant]
    if recipient.address != issue.config.recipient:
        parts.append(hashlib.sha256(recipient.address.lower().encode()).hexdigest()[:16])
    return safe(f"<{'.'.join(p for p in parts if p)}@{domain}>")


def _list_id(issue: Issue) -> str:
    domain = issue.config.sender.address.rpartition("@")[2]
    return f"{series(issue.config)}.{domain}"


def _stable_boundaries(msg: EmailMessage) -> None:
    """Name every multipart boundary from the content, so the same copy makes the same bytes."""
    content = hashlib.sha256()
    for name, value in msg.items():
        content.update(f"{name}: {value}\n".encode())
    for part in msg.walk():
        if not part.is_multipart():
            content.update(str(part.get_payload()).encode())
    digest = content.hexdigest()[:24]
    for index, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_psgnews_{index}_{digest}")


def message_id(issue: Issue, recipient: Recipient, *, pdf: bool = False) -> str:
    """Return the Message-ID of `recipient`'s copy: the same for every build of it."""
    domain = issue.config.sender.address.rpartition("@")[2]
    return _message_id(issue, recipient, "pdf" if pdf else "", domain)
