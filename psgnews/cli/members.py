"""`psgnews unsubscribe-server` and `psgnews members sync`: members leaving, brought home."""

from __future__ import annotations

from pathlib import Path

import click

from psgnews.cli.common import ExistingFile, project

SERVER_EXAMPLES = """
\b
Examples:
  psgnews unsubscribe-server                        on 127.0.0.1:8025, behind the web server
  psgnews unsubscribe-server --host 0.0.0.0 --port 8080
"""


@click.command(
    "unsubscribe-server",
    epilog=SERVER_EXAMPLES,
    short_help="Serve the page each email's unsubscribe link points at.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8025, show_default=True, help="Port."
)
@click.option(
    "--database",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite record of unsubscribes (default: sent/unsubscribes.sqlite).",
)
@click.pass_context
def unsubscribe_server_command(
    ctx: click.Context, host: str, port: int, database: Path | None
) -> None:
    """Serve unsubscribe.url: one-click unsubscribes (RFC 8058), the page, the export.

    The token secret is read from unsubscribe.secret_env (as for send), the
    export's from unsubscribe.export_secret_env; stop with Ctrl-C.
    """
    from psgnews.core.paths import SENT
    from psgnews.send import endpoint

    root = project(ctx)
    app = endpoint.endpoint(root.config, database or root.path / SENT / "unsubscribes.sqlite")
    if app.settings.export_secret is None:
        click.echo("the export is off: set its secret to let `members sync` read it", err=True)
    try:
        endpoint.serve(app, host, port)
    except OSError as e:
        raise click.UsageError(f"cannot listen on {host}:{port}: {e.strerror}") from e
    finally:
        app.store.close()


SYNC_EXAMPLES = """
\b
Examples:
  psgnews members sync --members members.csv --dry-run   what would change, changing nothing
  psgnews members sync --members members.csv             the export and the IMAP mailbox
  psgnews members sync --members members.csv --mbox bounces.mbox
"""


@click.group("members", short_help="Keep the members list up to date.")
def members_group() -> None:
    """Keep the members list up to date."""


@members_group.command("sync", epilog=SYNC_EXAMPLES)
@click.option(
    "--members",
    "members_csv",
    required=True,
    type=ExistingFile(),
    help="The members list to update (a CSV with columns email, name, format, status).",
)
@click.option(
    "--mbox",
    type=click.Path(exists=True, path_type=Path),
    help="Read mail from this mbox file or Maildir folder instead of psgnews.yaml's mailbox.",
)
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@click.pass_context
def sync_command(ctx: click.Context, members_csv: Path, mbox: Path | None, dry_run: bool) -> None:
    """Mark members who unsubscribed or whose address bounces, from every source.

    The unsubscribe page's export, unsubscribes mailed with the member's token in
    the subject, and bounces (permanent failures mark a member `bounced`). Each
    change is printed: who, what, why and from which message.
    """
    from psgnews.send import sync

    report = sync.sync(project(ctx), members_csv, mbox, dry_run)
    click.echo("\n".join(report.lines(dry_run)))
