"""Each member's copy of an issue: rendered once, then filled in member by member.

Rendering a copy (templates, CSS inlining, quoted-printable) takes ~20 ms, and
members' copies differ only in four headers, the greeting and the unsubscribe
link. So each kind of copy (email or PDF note, with or without a greeting) is
made once by `eml.compose` for a stand-in whose name and link are marker words;
the lines holding a marker, and the To, Message-ID, List-Unsubscribe and Date
(the moment the copy is made, just before it is sent) headers, are made for each
member, and the rest is kept as finished bytes. The tests check that every copy
reads exactly as `eml.compose` makes it, but for its Date.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email import quoprimime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from urllib.parse import urlencode

from psgnews.content.model import Issue
from psgnews.render import eml
from psgnews.render.recipient import Recipient, placeholder
from psgnews.send import tokens
from psgnews.send.members import Member

NAME = "Zqxnamezqx"  # letters only, so escaping, wrapping and encoding leave them whole
LINK = "https://psgnews.invalid/Zqxlinkzqx"
STAND_IN = "member@psgnews.invalid"
# The headers made for each copy; Date is the moment it is sent (a built .eml keeps the
# issue's date, so rebuilds stay identical).
PERSONAL = (b"To", b"Message-ID", b"List-Unsubscribe", b"Date")
LINE_LENGTH = 78  # email.policy.default.max_line_length, which eml.compose encodes with
_FIELDS = re.compile(rb"\r\n(?=\S)")


@dataclass(frozen=True)
class Hole:
    """Lines of one text part that hold a marker: filled in and encoded for each member."""

    text: str
    html: bool

    def fill(self, recipient: Recipient) -> bytes:
        """Return these lines for `recipient`, quoted-printable with CRLF line ends."""
        name, link = recipient.name or "", recipient.unsubscribe_url or ""
        if self.html:
            name, link = _html_text(name), _html_attribute(link)
        filled = self.text.replace(NAME, name).replace(LINK, link)
        return _encode(filled).replace("\n", "\r\n").encode("ascii")


@dataclass(frozen=True)
class Header:
    """A header made for each member."""

    name: bytes

    def fill(self, recipient: Recipient, pdf: bool, issue: Issue) -> bytes:
        """Return the header field for `recipient`, CRLF-ended."""
        if self.name == b"To":
            return _to(recipient)
        if self.name == b"Message-ID":
            return f"Message-ID: {eml.message_id(issue, recipient, pdf=pdf)}\r\n".encode()
        if self.name == b"Date":
            return f"Date: {format_datetime(datetime.datetime.now(datetime.UTC))}\r\n".encode()
        links = [recipient.unsubscribe_mailto, recipient.unsubscribe_url]
        # Folded only between links: a long link must not become an RFC 2047 encoded word.
        value = ",\r\n ".join(f"<{link}>" for link in links if link)
        return f"List-Unsubscribe: {value}\r\n".encode()


class Template:
    """One kind of copy as finished bytes, with holes for what differs between members."""

    def __init__(self, issue: Issue, pdf: bytes | None, greeting: bool, link: bool) -> None:
        self.issue, self.pdf = issue, pdf is not None
        base = placeholder(issue.config)
        stand_in = Recipient(
            STAND_IN, NAME if greeting else None, LINK if link else None, base.unsubscribe_mailto
        )
        msg = eml.compose(issue, stand_in, pdf=pdf)
        holes = _cut_holes(msg)
        head, _, body = msg.as_bytes(policy=SMTP).partition(b"\r\n\r\n")
        self.pieces: list[bytes | Hole | Header] = [
            Header(name) if name in PERSONAL else field + b"\r\n"
            for field in _FIELDS.split(head)
            for name in [field.partition(b":")[0]]
        ]
        rest = b"\r\n" + body
        for mark, hole in holes.items():
            before, _, rest = rest.partition(mark)
            self.pieces += [before, hole]
        self.pieces.append(rest)

    def fill(self, recipient: Recipient) -> bytes:
        """Return `recipient`'s copy, ready for SMTP."""
        return b"".join(
            piece
            if isinstance(piece, bytes)
            else piece.fill(recipient)
            if isinstance(piece, Hole)
            else piece.fill(recipient, self.pdf, self.issue)
            for piece in self.pieces
        )


class MemberCopies:
    """The copies of one issue for its members: email, or a note with the PDF attached."""

    def __init__(self, issue: Issue, pdf: bytes | None, secret: bytes | None) -> None:
        self.issue, self.pdf, self.secret = issue, pdf, secret
        self.base = placeholder(issue.config)
        self.sender = issue.config.sender.address
        self._templates: dict[tuple[str, bool], Template] = {}

    def recipient(self, member: Member) -> Recipient:
        """Return who `member`'s copy is for, with their own unsubscribe link."""
        url, mailto = self.base.unsubscribe_url, self.base.unsubscribe_mailto
        if url:
            if self.secret is None:
                raise ValueError("an unsubscribe url needs a secret for its tokens")
            own = token(self.secret, member)
            query = urlencode({"email": member.address, "token": own})
            url = f"{url}{'&' if '?' in url else '?'}{query}"
            mailto = f"{mailto}%20{own}"  # members sync knows who wrote by the token
        return Recipient(member.address, member.name or None, url, mailto)

    def message_id(self, member: Member) -> str:
        """Return the Message-ID of `member`'s copy: the same every time it is made."""
        # The id depends on the address alone: no need to make the member's links for it.
        return eml.message_id(self.issue, Recipient(member.address), pdf=member.format == "pdf")

    def prepare(self, members: Iterable[Member]) -> None:
        """Make every kind of copy `members` need now, so no failure waits for the first send."""
        for member in members:
            self._template(member)

    def compose(self, member: Member) -> bytes:
        """Return `member`'s copy in the format they chose, ready for SMTP."""
        return self._template(member).fill(self.recipient(member))

    def _template(self, member: Member) -> Template:
        kind = (member.format, bool(member.name))
        if kind not in self._templates:
            if member.format == "pdf" and self.pdf is None:
                raise ValueError("a PDF member needs the PDF")
            pdf = self.pdf if member.format == "pdf" else None
            link = self.base.unsubscribe_url is not None
            self._templates[kind] = Template(self.issue, pdf, bool(member.name), link)
        return self._templates[kind]


def token(secret: bytes, member: Member) -> str:
    """Return `member`'s unsubscribe token (psgnews.send.tokens)."""
    return tokens.token(secret, member.address)


def _to(recipient: Recipient) -> bytes:
    """Return the To field; short ASCII addresses quickly, the rest folded by the email package."""
    if recipient.address.isascii():
        value = formataddr((recipient.name or "", recipient.address), "utf-8")
        if len(value) + 4 <= LINE_LENGTH:
            return f"To: {value}\r\n".encode("ascii")
    address = Address(recipient.name or "", addr_spec=recipient.address)
    policy = SMTP.clone(utf8=not recipient.address.isascii())
    return policy.fold_binary("To", policy.header_factory("To", str(address)))


def _cut_holes(msg: EmailMessage) -> dict[bytes, Hole]:
    """Swap each marked run of lines for a mark line; return what each mark stands for."""
    holes: dict[bytes, Hole] = {}
    for index, part in enumerate(msg.walk()):
        if part.get_content_maintype() != "text" or part.is_multipart():
            continue
        text = str(part.get_content())
        if NAME not in text and LINK not in text:
            continue
        html, payload = part.get_content_subtype() == "html", []
        for number, (marked, run) in enumerate(_runs(text)):
            if not marked:
                payload.append(_encode(run))
                continue
            mark = f"Zqxpart{index}x{number}zqx"
            holes[f"{mark}\r\n".encode()] = Hole(run, html)
            payload.append(f"{mark}\n")
        part.set_payload("".join(payload))
    return holes


def _runs(text: str) -> list[tuple[bool, str]]:
    """Split `text` into runs of whole lines, each run with or without a marker."""
    runs: list[tuple[bool, list[str]]] = []
    # Lines as the encoder splits them: at CR and LF only (not at U+2028 and the like).
    for line in text.encode("utf-8").splitlines():
        decoded = line.decode("utf-8")
        marked = NAME in decoded or LINK in decoded
        if runs and runs[-1][0] == marked:
            runs[-1][1].append(decoded)
        else:
            runs.append((marked, [decoded]))
    return [(marked, "\n".join(lines) + "\n") for marked, lines in runs]


def _encode(text: str) -> str:
    """Return whole lines as set_content(cte="quoted-printable") encodes them."""
    body = b"\n".join(text.encode("utf-8").splitlines()) + b"\n"
    return quoprimime.body_encode(body.decode("latin-1"), LINE_LENGTH)


def _html_text(value: str) -> str:
    """Escape text as the inliner's HTML serialiser writes it between tags."""
    value = value.replace("&", "&amp;").replace("\xa0", "&nbsp;")
    return value.replace("<", "&lt;").replace(">", "&gt;")


def _html_attribute(value: str) -> str:
    """Escape an attribute value as the inliner's HTML serialiser writes it."""
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")
