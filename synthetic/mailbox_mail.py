"""Mail as the Group's bounce mailbox receives it: DSNs and mailed unsubscribes, made up.

Deterministic: the same arguments give the same bytes. The DSNs follow RFC 3464
as Postfix writes them; addresses are on RFC 2606's example domains.
"""

from __future__ import annotations

from psgnews.send.tokens import token

DSN = """\
Return-Path: <>
Date: Mon,  7 Dec 2026 10:15:02 +0000 (UTC)
From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bounces@example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{queue}.1765102502/mx.example.org"
Message-Id: <20261207101502.{queue}@mx.example.org>

This is a MIME-encapsulated message.

--{queue}.1765102502/mx.example.org
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.

<{address}>: host mail.example.net[192.0.2.25] said: {code}
    <{address}>: Recipient address rejected (in reply to RCPT TO command)

--{queue}.1765102502/mx.example.org
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
X-Postfix-Queue-ID: {queue}

Final-Recipient: rfc822; {address}
Original-Recipient: rfc822;{address}
Action: {action}
Status: {status}
Remote-MTA: dns; mail.example.net
Diagnostic-Code: smtp; {code} <{address}>: Recipient address rejected

--{queue}.1765102502/mx.example.org
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Peru Support Group <news@example.org>
To: {address}
Subject: Peru Support Group Update {issue}
Message-ID: <psg-update-{issue}.{queue}@example.org>

--{queue}.1765102502/mx.example.org--
"""


def member(number: int) -> str:
    """Return the address of synthetic member `number`."""
    return f"member{number}@example.com"


def members_csv(count: int) -> str:
    """Return a members list of `count` active members."""
    rows = [f"{member(n)},Member {n},email,active" for n in range(1, count + 1)]
    return "\r\n".join(["email,name,format,status", *rows]) + "\r\n"


def bounce(address: str, number: int, *, permanent: bool = True, issue: int = 119) -> bytes:
    """Return a Postfix DSN: `address` failed (5.1.1) or is delayed (4.4.1)."""
    queue = f"{number:010X}"
    action, status, code = (
        ("failed", "5.1.1", "550 5.1.1") if permanent else ("delayed", "4.4.1", "450 4.4.1")
    )
    text = DSN.format(
        queue=queue, address=address, action=action, status=status, code=code, issue=issue
    )
    return text.replace("\n", "\r\n").encode()


def unsubscribe(address: str, secret: bytes, number: int) -> bytes:
    """Return the mail a member's client sends from the List-Unsubscribe mailto link."""
    return (
        f"From: {address}\r\nTo: unsubscribe@example.org\r\n"
        f"Subject: unsubscribe {token(secret, address)}\r\n"
        f"Message-ID: <u{number}@mail.example.com>\r\nDate: Mon, 07 Dec 2026 12:00:00 +0000\r\n\r\n"
    ).encode()


def mailbox(count: int, secret: bytes) -> list[bytes]:
    """Return `count` messages: hard bounces, delays and mailed unsubscribes, one member each."""
    kinds = (
        lambda n: bounce(member(n), n),
        lambda n: bounce(member(n), n, permanent=False),
        lambda n: unsubscribe(member(n), secret, n),
    )
    return [kinds[n % 3](n) for n in range(1, count + 1)]
