"""`send` warns when the email's images are not yet at web_base_url (a real HTTP server here)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from synthetic.smtpserver import write_members
from tests.conftest import Run


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test's output clean."""


@pytest.fixture
def web_host(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static web server on 127.0.0.1 serving a folder: (its address, the folder)."""
    folder = tmp_path / "www"
    folder.mkdir()
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/updates/", folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_send_warns_until_the_images_are_published(
    rich: Path, web_host: tuple[str, Path], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    address, folder = web_host
    settings = rich / "psgnews.yaml"
    settings.write_text(settings.read_text().replace("https://www.example.org/updates/", address))
    monkeypatch.setenv("PSGNEWS_UNSUBSCRIBE_SECRET", "a secret for the tests, long enough")
    members = write_members(rich / "members.csv", [("a@example.org", "A", "email", "active")])
    before = run("--root", rich, "send", "120", "--members", members, "--dry-run")
    assert before.exit_code == 0, before.output
    assert (
        f"warning: issue 120: 2 of the email's images are not yet at web_base_url (first: {address}120/images/"
        in before.output
    )
    published = run("--root", rich, "publish", "--to", folder / "updates")
    assert published.exit_code == 0, published.output
    after = run("--root", rich, "send", "120", "--members", members, "--dry-run")
    assert after.exit_code == 0, after.output
    assert "not yet at web_base_url" not in after.output
