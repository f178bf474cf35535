"""`psgnews send`: deliver an issue to every active member, in the format each chose, once.

Everything is checked (members list, settings, the issue) and rendered before
the first connection; then each member's copy goes through the relay, and the
journal in sent/ (kept with the project's records, not its outputs) records every step.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from psgnews.compile import many
from psgnews.content import unfinished
from psgnews.content.load import load_issue
from psgnews.content.model import Issue
from psgnews.content.project import Root
from psgnews.content.settings import Config, Smtp
from psgnews.core import fingerprint, write
from psgnews.core.errors import RenderError, SendError, SmtpError
from psgnews.core.readfile import read_regular
from psgnews.render import mailing
from psgnews.send import tokens
from psgnews.send.delivery import Pace, Progress, Tally, deliver_all
from psgnews.send.journal import Journal, read_entries
from psgnews.send.mailmerge import MemberCopies
from psgnews.send.members import Member, check_address, read_members, skipped_counts
from psgnews.send.published import warn_unpublished
from psgnews.send.record import journal_path
from psgnews.send.relay import Login, Relay, TransactionOutcome, Unavailable

OUTBOX = "outbox"
# The rows an earlier run left that may have reached the server, and why (journal.py).
UNCONFIRMED = {
    "sending": "an earlier run stopped before the reply",
    "ready": "the machine restarted as its final '.' was being sent",
}


@dataclass(frozen=True)
class Options:
    """How to send: for real or into the outbox, resending unconfirmed rows, at what rate."""

    dry_run: bool = False
    resend_unconfirmed: bool = False
    rate: float | None = None
    allow_clipping: bool = False


@dataclass
class Report:
    """What a run did: this run's tally, and what earlier runs had already settled."""

    number: int
    tally: Tally = field(default_factory=Tally)
    already_sent: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # by status: unsubscribed, bounced
    left_unconfirmed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return whether every active member is known to have been sent the issue."""
        tally = self.tally
        return not (tally.failed or tally.unconfirmed or self.left_unconfirmed or tally.stopped)

    def lines(self) -> list[str]:
        """Return the closing report, as printed."""
        tally = self.tally
        unconfirmed = [*self.left_unconfirmed, *tally.unconfirmed]
        counts = [
            f"{len(tally.sent)} sent",
            f"{len(tally.failed)} failed",
            f"{len(unconfirmed)} unconfirmed",
            f"{self.already_sent} already sent before",
        ]
        counts[-1] += ", " + _skipped(self.skipped)
        lines = [*self.notes, f"Update {self.number}: " + ", ".join(counts)]
        lines += _listed("failed:", tally.failed)
        lines += _listed(
            "unconfirmed: the whole message reached the server but its reply was lost;"
            " not sent again (check the relay's log, then use --resend-unconfirmed"
            " for any it did not deliver):",
            unconfirmed,
        )
        if tally.stopped:
            lines.append(f"stopped: {tally.stopped}")
            lines.append(
                f"{len(tally.not_reached)} members not yet sent: run the same command again"
                " to continue; nobody is sent the issue twice"
            )
        return lines


def send_issue(
    root: Root, number: int, members_csv: Path, options: Options, progress: Progress | None = None
) -> Report:
    """Send issue `number` to the members in `members_csv` who have not had it yet."""
    # Gather and check everything before the first connection.
    members = read_members(members_csv)
    active = [m for m in members if m.active]
    issue = load_issue(root, number)
    unfinished.refuse(root, [issue])
    warn_unpublished(issue)
    smtp = smtp_settings(root.config)
    relay = _relay(root.config, smtp)
    mail = _member_copies(root, issue, active, options)
    report = Report(number, skipped=skipped_counts(members))
    path, report.notes = journal_path(root, number)
    # Start sending.
    with Journal(path, number) as journal:
        journal.enrol((m.key, m.address, m.format, mail.message_id(m)) for m in active)
        for key in journal.never_ended():
            journal.move(key, "pending", "an earlier run stopped before the final '.': sent again")
        entries = journal.entries()
        if options.resend_unconfirmed:
            for m in active:
                if entries[m.key].state in UNCONFIRMED:
                    journal.move(m.key, "pending", "resent: --resend-unconfirmed")
            entries = journal.entries()
        states = {m.key: entries[m.key].state for m in active}
        todo = [m for m in active if states[m.key] in ("pending", "failed")]
        report.already_sent = sum(state == "sent" for state in states.values())
        report.left_unconfirmed = [
            (m.address, entries[m.key].last_reply or UNCONFIRMED[states[m.key]])
            for m in active
            if states[m.key] in UNCONFIRMED
        ]
        pace = Pace(smtp.retries, smtp.retry_delay, options.rate)
        report.tally = deliver_all(todo, mail.compose, relay, journal, pace, progress=progress)
    return report


def write_outbox(root: Root, number: int, members_csv: Path, options: Options) -> list[Path]:
    """Write every active member's copy to build/<N>/outbox/ as an .eml; send nothing."""
    active = [m for m in read_members(members_csv) if m.active]
    issue = load_issue(root, number)
    unfinished.refuse(root, [issue])
    warn_unpublished(issue)
    mail = _member_copies(root, issue, active, options)
    copies = {_outbox_name(i, m): mail.compose(m) for i, m in enumerate(active, 1)}
    outbox = f"{number}/{OUTBOX}"
    stale = [p.name for p in (_folder(root, number) / OUTBOX).glob("*.eml") if p.name not in copies]
    write.remove(_out(root), [f"{outbox}/{name}" for name in stale])
    return write.write_all(_out(root), {f"{outbox}/{name}": data for name, data in copies.items()})


@dataclass(frozen=True)
class ProofCopy:
    """One copy `send --test` sent, and what the relay answered."""

    format: str
    address: str
    accepted: bool
    reply: str

    def line(self) -> str:
        """Return the line that reports it."""
        verdict = "sent" if self.accepted else "NOT sent"
        return f"{self.format} copy to {self.address}: {verdict} ({self.reply})"


def send_test(root: Root, number: int, address: str, members_csv: Path | None) -> list[ProofCopy]:
    """Send one copy of each format to `address` (named as in the members list, if there)."""
    checked = check_address(address)
    listed = read_members(members_csv) if members_csv else []
    name = next((m.name for m in listed if m.key == checked.casefold()), "")
    issue = load_issue(root, number)
    smtp = smtp_settings(root.config)
    relay = _relay(root.config, smtp)
    tests = [Member(checked, name, fmt, True, 0) for fmt in ("email", "pdf")]
    mail = _member_copies(root, issue, tests, Options())
    copies = []
    try:
        for member in tests:
            result = relay.deliver(member.address, mail.compose(member), lambda: None)
            accepted = result.outcome is TransactionOutcome.ACCEPTED
            copies.append(ProofCopy(member.format, checked, accepted, result.reply))
    except Unavailable as e:
        raise SmtpError(str(e)) from e
    finally:
        relay.close()
    return copies


def status_lines(root: Root, number: int, members_csv: Path | None = None) -> list[str]:
    """Return the journal of issue `number`, one line per member, then the totals.

    With the members list, the totals also count the members it holds back.
    """
    skipped = [_skipped(skipped_counts(read_members(members_csv)))] if members_csv else []
    path, notes = journal_path(root, number)
    entries = read_entries(path, number)
    if not entries:
        return [*notes, f"Update {number}: no journal yet ({path}): nothing has been sent"]
    width = max(len(e.address) for e in entries.values())
    lines = [
        f"{e.state:<8} {e.address:<{width}} {e.format:<5} {e.attempts:>2} tries"
        f"  {e.updated}  {e.last_reply}".rstrip()
        for e in entries.values()
    ]
    states = [e.state for e in entries.values()]
    shown = ("sent", "failed", "sending", "ready", "pending")
    counted = [f"{states.count(s)} {s}" for s in shown if s != "ready" or s in states]
    totals = ", ".join([*counted, *skipped])
    return [*notes, *lines, f"Update {number}: {totals}"]


def _member_copies(
    root: Root, issue: Issue, members: list[Member], options: Options
) -> MemberCopies:
    """Return the issue's copies, checked against Gmail's clipping size, with its current PDF."""
    mailing.check_size(issue, root.path, allow_clipping=options.allow_clipping)
    pdf = _pdf(root, issue) if any(m.format == "pdf" for m in members) else None
    copies = MemberCopies(issue, pdf, _secret(root.config))
    copies.prepare(members)
    return copies


def _pdf(root: Root, issue: Issue) -> bytes:
    """Return the issue's PDF in build/<N>/, built first unless made from the issue as it is now.

    A member must never get a PDF older than the email beside it: the build record
    says whether the PDF's sources, layouts and settings have changed since.
    """
    out, name = root.output, f"{issue.basename}.pdf"
    sources = fingerprint.SourceDigests()
    if not fingerprint.output_is_current(root.path, out, issue.number, name, sources):
        request = many.BuildRequest((issue.number,), ("pdf",), out=out, force=True)
        (result,) = many.build_many(root, request, sources=sources)
        if result.status == many.FAILED:
            raise RenderError(
                f"issue {issue.number}: build/{issue.number}/{name} is missing or older"
                f" than the issue, and building it again failed; nothing was sent:\n"
                f"  {result.error}"
            )
    return read_regular(out / str(issue.number) / name, within=out)  # no link below build/


def smtp_settings(config: Config) -> Smtp:
    """Return psgnews.yaml's smtp: settings, or say they are missing."""
    if config.smtp is None:
        raise SendError(
            "psgnews.yaml has no smtp: settings (host, port, tls); see docs/how-to/sending.md"
        )
    return config.smtp


def _relay(config: Config, smtp: Smtp) -> Relay:
    """Return the relay, its envelope sender the bounce address, so bounces reach that mailbox."""
    return Relay(smtp, config.sender.bounces or config.sender.address, _login(smtp))


def _login(smtp: Smtp) -> Login | None:
    """Return the relay login from the environment, or None when no user is set."""
    user, password = os.environ.get(smtp.user_env), os.environ.get(smtp.password_env)
    if not user:
        return None
    if not password:
        raise SendError(f"{smtp.user_env} is set but {smtp.password_env} is not")
    return Login(user, password)


def _secret(config: Config) -> bytes | None:
    """Return the key of the unsubscribe tokens, needed when there is an unsubscribe url."""
    if not config.unsubscribe or not config.unsubscribe.url:
        return None
    return tokens.secret_from(
        config.unsubscribe.secret_env,
        "each member's unsubscribe link, and the unsubscribe page checks the link's token with it",
    )


def _out(root: Root) -> Path:
    return root.output


def _folder(root: Root, number: int) -> Path:
    return _out(root) / str(number)


def _outbox_name(index: int, member: Member) -> str:
    return f"{index:04d}-{re.sub(r'[^A-Za-z0-9@._+-]', '_', member.address)}.eml"


def _skipped(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in counts.items()) + " (skipped)"


def _listed(title: str, rows: list[tuple[str, str]]) -> list[str]:
    return [title, *(f"  {address}: {reply}" for address, reply in rows)] if rows else []
