"""`psgnews unsubscribe-server` run as a real process (waitress) on a free port of 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml

from psgnews.send.tokens import token
from synthetic.smtpserver import free_port

SECRET = "a secret for the tests, long enough"
EXPORT_SECRET = "the export's own secret, long enough"


def wait_for(process: subprocess.Popen[Any], port: int, name: str) -> None:
    """Wait until `process` listens on 127.0.0.1:`port`; kill it and fail if it does not."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    process.kill()
    _, err = process.communicate()
    raise RuntimeError(f"{name} did not start: {err!r}")


def point_at(project: Path, port: int) -> str:
    """Set the project's unsubscribe.url to a server on 127.0.0.1:`port`; return the url."""
    settings = project / "psgnews.yaml"
    config = yaml.safe_load(settings.read_text(encoding="utf-8"))
    url = f"http://127.0.0.1:{port}/unsubscribe"
    config["unsubscribe"]["url"] = url
    settings.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return url


class Served:
    """A server the tests start as a process on 127.0.0.1:`port`, stopped on exit."""

    port: int
    process: subprocess.Popen[bytes]

    def start(self, command: list[str], name: str, **options: Any) -> None:
        """Start `command` and wait until it listens on `port`."""
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **options
        )
        wait_for(self.process, self.port, name)

    def __exit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.process.terminate()
        self.process.communicate(timeout=30)


class UnsubscribeServer(Served):
    """The server of `project`, started on entry and stopped on exit."""

    def __init__(self, project: Path, *, export_secret: str | None = EXPORT_SECRET) -> None:
        self.project, self.port = project, free_port()
        self.url = point_at(project, self.port)
        self.env = {**os.environ, "PSGNEWS_UNSUBSCRIBE_SECRET": SECRET}
        self.env.pop("PSGNEWS_UNSUBSCRIBE_EXPORT_SECRET", None)
        if export_secret:
            self.env["PSGNEWS_UNSUBSCRIBE_EXPORT_SECRET"] = export_secret

    def __enter__(self) -> UnsubscribeServer:
        script = Path(sys.executable).with_name("psgnews")
        command = [str(script), "--root", str(self.project), "unsubscribe-server"]
        self.start([*command, "--port", str(self.port)], "the unsubscribe server", env=self.env)
        return self

    def link(self, address: str, given: str | None = None) -> str:
        """Return `address`'s unsubscribe link, with its own token unless `given`."""
        query = urllib.parse.urlencode({"email": address, "token": given or own(address)})
        return f"{self.url}?{query}"

    def export(self, since: str = "", secret: str = EXPORT_SECRET) -> dict[str, Any]:
        """Return the export's JSON, asked with `secret`."""
        url = f"{self.url}/export" + (f"?since={urllib.parse.quote(since)}" if since else "")
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            found: dict[str, Any] = json.load(answer)
            return found


def own(address: str) -> str:
    """Return `address`'s real token."""
    return token(SECRET.encode(), address)


def fetch(url: str, data: bytes | None = None, **headers: str) -> tuple[int, dict[str, str], str]:
    """Return the status, headers and text of a GET (or a POST of `data`) to `url`."""
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()
