"""`psgnews members sync`: bring every way a member left back into the members list.

Three sources: the unsubscribe endpoint's export; unsubscribes mailed to
`unsubscribe.mailto`, the member's token in the subject; and bounces, read by GNU
Mailman's flufl.bounce (RFC 3464 reports and the common non-standard ones). A
permanent failure marks the member `bounced`, and so do temporary failures on a
member's last three sends (`softbounces`).
Everything is read and decided first; then the list is rewritten in one atomic
write, and only then are the messages dealt with moved to the processed folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from psgnews.content.project import Root
from psgnews.content.settings import series
from psgnews.core import write
from psgnews.core.errors import SendError, printable
from psgnews.core.paths import SENT
from psgnews.send import softbounces, tokens
from psgnews.send.classify import Leaving, read_all
from psgnews.send.inbox import Imap, from_path
from psgnews.send.members import Member, members_text, parse_members, read_list, with_statuses
from psgnews.send.record import sent_to

# A bounce never turns an unsubscribed member into a bounced one; an unsubscribe wins.
OUTRANKS = {"unsubscribed": ("active", "bounced"), "bounced": ("active",)}


@dataclass
class Report:
    """What a sync found and did: each change, and each sign that changed nothing."""

    changes: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    filed: list[int] = field(default_factory=list)
    known: int = 0  # unsubscribes of the page's export already in the list

    def lines(self, dry_run: bool) -> list[str]:
        """Return the report as printed."""
        verb = "would change" if dry_run else "changed"
        count = f"{len(self.changes)} member{'s' if len(self.changes) != 1 else ''}"
        lines = [*self.notes, *self.changes, *self.unchanged]
        if self.known:
            lines.append(f"{self.known} unsubscribes of the unsubscribe page already in the list")
        lines.append(f"members sync: {verb} {count}")
        return [printable(line) for line in lines]


def sync(root: Root, members_csv: Path, mbox: Path | None, dry_run: bool) -> Report:
    """Read every source, set each member's status in `members_csv`, and report it."""
    # Gather and decide everything before anything is written.
    data = read_list(members_csv)
    report = Report()
    with contextlib.ExitStack() as stack:
        imap = None
        if mbox is None and root.config.mailbox:
            imap = stack.enter_context(Imap(root.config.mailbox))
        elif mbox is None:
            report.notes.append("no mailbox read: set mailbox: in psgnews.yaml, or give --mbox")
        # The mailbox's first messages are on their way while the list is read.
        mail = from_path(mbox) if mbox else imap.messages() if imap else iter(())
        text = members_text(data, members_csv.name)
        members = parse_members(text, members_csv.name, refused="nothing was changed")
        soft = _Soft(root)
        secret = _secret(root, report)
        signs = _exported(root, report)
        signs += read_all(mail, series(root.config), report.unchanged)
        statuses = _decide(members, signs, secret, soft, report)
        # Start writing.
        if dry_run:
            return report
        if statuses:
            if read_list(members_csv) != data:
                raise SendError(f"{members_csv} changed while it was being synced: run it again")
            lines = {m.key: m.line for m in members}
            changed = with_statuses(data, {lines[key]: new for key, new in statuses.items()})
            write.write_one(members_csv.parent, members_csv.name, changed)
        softbounces.add(soft.path, soft.new)
        if imap:
            imap.file_away(report.filed)
    return report


def _decide(
    members: list[Member], signs: list[Leaving], secret: bytes | None, soft: _Soft, report: Report
) -> dict[str, str]:
    """Return the new status of each member to change, reporting every sign."""
    by_key = {m.key: m for m in members}
    by_token = {tokens.token(secret, m.address): m for m in members} if secret else {}
    statuses: dict[str, str] = {}
    for sign in signs:
        member = by_token.get(sign.token) if sign.token else by_key.get(sign.address.casefold())
        if member is None:
            named = f"token {sign.token}" if sign.token else sign.address
            report.unchanged.append(f"{named}: no member has it; nothing changed ({sign.why})")
            continue
        if sign.uid is not None:
            report.filed.append(sign.uid)
        if sign.status == "soft":
            judged = soft.judge(member, sign, report)
            if judged is None:
                continue
            sign = judged
        now = statuses.get(member.key, member.status)
        if now not in OUTRANKS[sign.status]:
            if sign.token or sign.uid is not None:  # a message: say what came of it
                report.unchanged.append(f"{member.address}: already {now} ({sign.why})")
            else:  # the export holds every unsubscribe ever made: count those already in
                report.known += 1
            continue
        statuses[member.key] = sign.status
        report.changes.append(f"{member.address}: {now} -> {sign.status} ({sign.why})")
    return statuses


class _Soft:
    """Temporary failures: those recorded, those this sync adds, and who was sent what."""

    def __init__(self, root: Root) -> None:
        self.path = root.path / SENT / softbounces.NAME
        self.failed = softbounces.read(self.path)
        self.sent = {
            key: [f"{series(root.config)}-{n}" for n in issues]
            for key, issues in sent_to(root).items()
        }
        self.new: list[tuple[str, str]] = []

    def judge(self, member: Member, sign: Leaving, report: Report) -> Leaving | None:
        """Return a sign marking `member` bounced if its last sends all failed, else report it."""
        if not sign.send:
            report.unchanged.append(
                f"{member.address}: {sign.why}; its send is unknown: not counted"
            )
            return None
        failed = self.failed.setdefault(member.key, set())
        failed.add(sign.send)
        self.new.append((member.key, sign.send))
        last = self.sent.get(member.key, [])[-softbounces.LIMIT :]
        if len(last) < softbounces.LIMIT or not failed.issuperset(last):
            count = f"{len(failed)} send{'s' if len(failed) != 1 else ''}"
            report.unchanged.append(
                f"{member.address}: {sign.why}; temporary failures on {count}, not the last"
                f" {softbounces.LIMIT} in a row: not marked"
            )
            return None
        why = f"temporary failures on its last {len(last)} sends ({', '.join(last)}), the last in"
        return Leaving("bounced", f"{why} {sign.why.rpartition(' in ')[2]}", uid=sign.uid)


def _exported(root: Root, report: Report) -> list[Leaving]:
    """Return the unsubscribes of the endpoint's export, if the project has an endpoint."""
    settings = root.config.unsubscribe
    if settings is None or settings.url is None:
        return []
    secret = os.environ.get(settings.export_secret_env, "")
    if not secret:
        name = settings.export_secret_env
        report.notes.append(f"the unsubscribe page's export was not read: set {name}")
        return []
    url = urllib.parse.urlsplit(settings.url)._replace(query="", fragment="").geturl()
    request = urllib.request.Request(
        url.rstrip("/") + "/export", headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            rows = json.load(answer)["unsubscribes"]
        return [
            Leaving("unsubscribed", f"on the unsubscribe page at {row['at']}", str(row["address"]))
            for row in rows
        ]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise SendError(f"cannot read the export of {settings.url}: {e}; nothing changed") from e


def _secret(root: Root, report: Report) -> bytes | None:
    settings = root.config.unsubscribe
    name = settings.secret_env if settings else "PSGNEWS_UNSUBSCRIBE_SECRET"
    if os.environ.get(name):
        return tokens.secret_from(name, "the unsubscribe tokens")
    report.notes.append(f"{name} is not set: mailed unsubscribes cannot be checked")
    return None
