"""What each message in the mailbox says: a bounce, a mailed unsubscribe, or neither.

Bounces are read by GNU Mailman's flufl.bounce (RFC 3464 reports and the common
non-standard ones); a mailed unsubscribe carries the member's token in its subject.
Reading a bounce (~0.6 ms of CPU, nearly all the standard library's parser) costs
several times what fetching it from Dovecot does; a mailed unsubscribe is headers
and hardly any body, so each message is parsed once, whole.
"""

from __future__ import annotations

import email
import email.message
import email.utils
import re
from collections.abc import Iterable
from dataclasses import dataclass

from flufl.bounce import all_failures

from psgnews.send import softbounces, tokens
from psgnews.send.inbox import Mail

TOKEN = re.compile(rf"\b[0-9a-f]{{{tokens.LENGTH}}}\b")


@dataclass(frozen=True)
class Leaving:
    """One sign that a member left: the address or token it names, the status it asks, why."""

    status: str
    why: str
    address: str = ""
    token: str = ""
    uid: int | None = None  # the message it came from, to be filed away once dealt with
    send: str = ""  # of a temporary failure: the send it failed ("psg-update-119"), if known


def read_all(mail: Iterable[Mail], series: str, left: list[str]) -> list[Leaving]:
    """Return the signs in `mail`, adding to `left` a line for each message that is neither."""
    signs: list[Leaving] = []
    for found in mail:
        # One parse a message: a mailed unsubscribe has no body to speak of, and parsing a
        # bounce's headers on their own first cost a tenth as much again.
        msg = email.message_from_bytes(found.raw)
        where = f"{found.ref}, {msg.get('Message-ID', 'no Message-ID')}".strip()
        token = TOKEN.search(str(msg.get("Subject", "")).lower())
        if token and msg.get_content_type() != "multipart/report":
            why = f"an unsubscribe mailed by {_sender(msg)} in {where}"
            signs.append(Leaving("unsubscribed", why, token=token[0], uid=found.uid))
            continue
        bounced = _bounces(msg, series, found.uid, where)
        if not bounced:
            left.append(f"{where}: neither a bounce nor an unsubscribe; left as it is")
        signs += bounced
    return signs


def _bounces(msg: email.message.Message, series: str, uid: int, where: str) -> list[Leaving]:
    """Return the failures flufl.bounce finds in `msg`: permanent, then temporary ones."""
    temporary, permanent = all_failures(msg)
    temporary -= permanent
    send = softbounces.failed_send(msg, series) if temporary else ""
    hard = f"a permanent delivery failure in {where}"
    soft = f"a temporary delivery failure in {where}"
    return [
        *(Leaving("bounced", hard, a.decode(), uid=uid) for a in sorted(permanent)),
        *(Leaving("soft", soft, a.decode(), uid=uid, send=send) for a in sorted(temporary)),
    ]


def _sender(msg: email.message.Message) -> str:
    return email.utils.parseaddr(str(msg.get("From", "")))[1] or "an unknown sender"
