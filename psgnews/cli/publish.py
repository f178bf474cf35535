"""`psgnews publish`: upload the web archive."""

from __future__ import annotations

import click

from psgnews.cli.common import project


@click.command("publish", short_help="Upload the web archive, only what changed.")
@click.option(
    "--to",
    metavar="TARGET",
    help="A folder, sftp://user@host/path or rsync:DEST (default: psgnews.yaml's publish: to:).",
)
@click.option("--dry-run", is_flag=True, help="List what would be sent and removed; send nothing.")
@click.pass_context
def publish_command(ctx: click.Context, to: str | None, dry_run: bool) -> None:
    """Bring build/web/ up to date, then upload it: send what changed, remove what it lost.

    To a folder or SFTP, only files an earlier publish put there are ever removed
    (rsync deletes whatever the archive lacks). SFTP logs in with the password in
    PSGNEWS_SFTP_PASSWORD, else the SSH agent's keys.
    """
    from psgnews.publish.publishing import publish

    for line in publish(project(ctx), to, dry_run=dry_run).lines():
        click.echo(line)
