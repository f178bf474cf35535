"""`psgnews serve`: the live preview of an issue, rebuilt in memory at every save."""

from __future__ import annotations

import contextlib
import errno
import logging
import time

import click


class _UsageExit(click.ClickException):
    """A failure to listen where asked: --host or --port must change (exit code 2)."""

    exit_code = 2


class _Echo(logging.Handler):
    """Print what the server does (rebuilds, problems) on stderr, each line timed."""

    def emit(self, record: logging.LogRecord) -> None:
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created))
        click.echo(f"{stamp} {self.format(record)}", err=True)


@click.command("serve", short_help="Preview an issue live in the browser while you edit it.")
@click.argument("issue", type=click.IntRange(min=1), required=False)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 lets other machines see the preview.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@click.pass_context
def serve_command(
    ctx: click.Context, issue: int | None, port: int, host: str, open_browser: bool
) -> None:
    """Serve ISSUE (default: the newest) at http://HOST:PORT/ISSUE/ and follow every save.

    The preview page shows the email at 600 px and 375 px (light or dark), the
    plain text and the PDF; each is rendered again when a file of issues/,
    layouts/ or psgnews.yaml is saved, and the page reloads. A file with a
    problem shows the problem in the page until it is fixed. Nothing is
    written to build/. Ctrl-C stops it.
    """
    from psgnews.cli.common import project
    from psgnews.serve import live, server

    root = project(ctx)
    numbers = root.issue_numbers()
    if issue is None and not numbers:
        raise click.ClickException("no issues to preview; start one with psgnews new N --date")
    number = issue if issue is not None else numbers[-1]
    root.require_issues([number])

    def ready(url: str) -> None:
        click.echo(f"Serving {root.config.newsletter} {number} at {url} (Ctrl-C to stop)")
        if open_browser:
            import webbrowser  # here: every other command would pay for its import (5 ms)

            webbrowser.open(url)

    try:
        listening = server.listen(host, port)
    except OSError as e:
        raise _UsageExit(_why_not(e, host, port)) from e
    _show_progress()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C, even before the first page is served
        live.serve(root, number, host, listening, ready)
    click.echo("Stopped.", err=True)


def _show_progress() -> None:
    logger = logging.getLogger("psgnews.serve")
    logger.setLevel(logging.INFO)
    logger.propagate = False  # psgnews's own handler would print its warnings twice
    if not any(isinstance(h, _Echo) for h in logger.handlers):
        logger.addHandler(_Echo())


def _why_not(error: OSError, host: str, port: int) -> str:
    """Return why psgnews serve cannot listen on `host`:`port`, and what to do."""
    if error.errno == errno.EADDRINUSE:
        why = f"port {port} is in use on {host} (is psgnews serve running already?)"
        return f"{why}; choose another with --port"
    return f"cannot listen on {host}:{port}: {error.strerror or error}"
