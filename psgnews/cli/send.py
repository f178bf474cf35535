"""The `psgnews send` command: parse its options and call psgnews.send.sending."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from psgnews.cli.common import ExistingFile, project

if TYPE_CHECKING:  # the sending machinery is imported only when send runs
    from psgnews.send.members import Member
    from psgnews.send.relay import TransactionResult

PER = {"s": 1.0, "sec": 1.0, "min": 60.0, "h": 3600.0}
SEND_EXAMPLES = """
\b
Examples:
  psgnews send 119 --members members.csv --dry-run    every copy into build/119/outbox/
  psgnews send 119 --test me@example.org              one copy of each format to yourself
  psgnews send 119 --members members.csv --rate 5/s   send (run again after any stop)
  psgnews send 119 --members members.csv --yes        send without asking to confirm
  psgnews send 119 --status                           who has been sent what
"""


class Rate(click.ParamType):  # type: ignore[type-arg]
    """A sending rate: `5/s`, `300/min` or `1000/h` (messages per second, minute or hour)."""

    name = "N/s"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|min|h))?\s*", str(value))
        if not match or float(match[1]) <= 0:
            self.fail(f"{value!r} is not a rate like 5/s, 300/min or 1000/h", param, ctx)
        return float(match[1]) / PER[match[2] or "s"]


class _Progress:
    """Show a sending run as it goes, on stderr: every 50th copy sent, and each one that was not."""

    def __init__(self) -> None:
        self.sent = 0

    def __call__(self, member: Member, result: TransactionResult) -> None:
        from psgnews.send.relay import TransactionOutcome

        if result.outcome is TransactionOutcome.ACCEPTED:
            self.sent += 1
            if self.sent % 50 == 0:
                click.echo(f"{self.sent} sent so far", err=True)
        else:
            click.echo(f"{member.address}: {result.outcome.value}: {result.reply}", err=True)


def _on_terminal() -> bool:
    """Return whether someone at a terminal can answer a question."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _test_address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse a malformed --test address as bad usage (exit 2), before anything is read."""
    from psgnews.core.errors import SendError
    from psgnews.send.members import check_address

    try:
        return None if value is None else check_address(value)
    except SendError as e:
        raise click.BadParameter(str(e), ctx, param) from None


@click.command(
    "send", epilog=SEND_EXAMPLES, short_help="Send an Update to every active member, once each."
)
@click.argument("number", type=click.IntRange(min=1))
@click.option(
    "--members",
    type=ExistingFile(),
    help="The members list: a CSV with columns email, name, format, status.",
)
@click.option("--dry-run", is_flag=True, help="Write every copy to build/N/outbox/; send none.")
@click.option(
    "--test",
    "test_address",
    metavar="ADDRESS",
    callback=_test_address,
    help="Send one copy of each format.",
)
@click.option(
    "--status",
    is_flag=True,
    help="Print the journal: who has been sent what (with --members, who is skipped).",
)
@click.option(
    "--rate", type=Rate(), metavar="N/s", help="Send at most this fast, e.g. 5/s or 300/min."
)
@click.option(
    "--resend-unconfirmed",
    is_flag=True,
    help="Send again to members whose copy reached the server without a recorded reply.",
)
@click.option("--allow-clipping", is_flag=True, help="Send an HTML email that Gmail clips.")
@click.option("--yes", is_flag=True, help="Send without asking (a terminal is asked to confirm).")
@click.pass_context
def send_command(
    ctx: click.Context,
    number: int,
    members: Path | None,
    dry_run: bool,
    test_address: str | None,
    status: bool,
    rate: float | None,
    resend_unconfirmed: bool,
    allow_clipping: bool,
    yes: bool,
) -> None:
    """Send Update NUMBER to every active member, in the format each chose, once each."""
    from psgnews.send import preflight, sending
    from psgnews.send.members import read_members

    root = project(ctx)
    if sum([dry_run, bool(test_address), status]) > 1:
        raise click.UsageError("give at most one of --dry-run, --test and --status")
    root.require_issues([number])
    if status:
        click.echo("\n".join(sending.status_lines(root, number, members)))
        return
    for warning in preflight.placeholders(root.config):
        click.echo(f"warning: {warning}", err=True)
    if test_address:
        copies = sending.send_test(root, number, test_address, members)
        click.echo("\n".join(copy.line() for copy in copies))
        ctx.exit(0 if all(copy.accepted for copy in copies) else 1)
    if members is None:
        raise click.UsageError("name the members list with --members FILE")
    options = sending.Options(dry_run, resend_unconfirmed, rate, allow_clipping)
    if dry_run:
        written = sending.write_outbox(root, number, members, options)
        folder = root.output / str(number) / sending.OUTBOX
        click.echo(f"{len(written)} copies written to {folder}; nothing was sent")
        return
    if not yes and _on_terminal():
        plan = preflight.plan(
            root.config, sending.smtp_settings(root.config), number, read_members(members)
        )
        click.echo("\n".join(plan))
        click.confirm("Send now?", abort=True)
    report = sending.send_issue(root, number, members, options, _Progress())
    click.echo("\n".join(report.lines()))
    ctx.exit(0 if report.ok else 1)
