"""`psgnews serve` run as a real subprocess on a free port, driven over HTTP."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

START_TIMEOUT = 60.0  # the machine is shared: starting can be slow when it is busy
WAIT = 30.0  # seconds to wait for a save to show


class Served:
    """One `psgnews serve` process: started with --port 0, stopped with Ctrl-C (SIGINT)."""

    def __init__(self, project: Path, *args: str, files: int | None = None) -> None:
        """Start serving `project` with `args`; `files`: at most that many open descriptors."""
        self.out = project.parent / "serve-stdout.txt"
        self.err = project.parent / "serve-stderr.txt"
        script = Path(sys.executable).with_name("psgnews")
        command = [str(script), "--root", str(project), "serve", *args, "--port", "0"]
        if files is not None:
            command = ["prlimit", f"--nofile={files}:{files}", *command]
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(command, stdout=out, stderr=err)
        match = self._wait_for_line(r"Serving .* at (http://[^/]+:(\d+))(/\S*) ")
        self.origin, self.port, self.page = match[1], int(match[2]), match[3]
        self.stopped: tuple[int, str] | None = None

    def _wait_for_line(self, pattern: str) -> re.Match[str]:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if match := re.search(pattern, self.out.read_text()):
                return match
            if self.process.poll() is not None:
                raise AssertionError(f"psgnews serve ended: {self.err.read_text()}")
            time.sleep(0.05)
        raise AssertionError(f"psgnews serve did not start: {self.err.read_text()}")

    def get(self, path: str, host: str | None = "") -> tuple[int, dict[str, str], bytes]:
        """Return the status, headers and body of GET `path`; `host` None sends no Host header."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT * 12)
        try:
            connection.putrequest("GET", path, skip_host=True)
            if host is not None:
                connection.putheader("Host", host or f"127.0.0.1:{self.port}")
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def wait_for(self, path: str, wanted: Callable[[bytes], bool], timeout: float = WAIT) -> bytes:
        """Return the body of `path` once `wanted(body)` is true; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            status, _, body = self.get(path)
            if wanted(body):
                return body
            if time.monotonic() > deadline:
                said = self.err.read_text()
                raise AssertionError(f"{path} never as wanted ({status}): {body[-800:]!r}\n{said}")
            time.sleep(0.05)

    def events(self) -> EventStream:
        """Return the server's event stream, open."""
        return EventStream(self.port)

    def stop(self) -> tuple[int, str]:
        """Press Ctrl-C; return the exit code and what it printed on stderr."""
        if self.stopped is None:
            self.process.send_signal(signal.SIGINT)
            try:
                code = self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
            self.stopped = code, self.err.read_text()
        return self.stopped

    def __enter__(self) -> Served:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


class EventStream:
    """The server-sent events of /_psgnews/events, read one at a time."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        self.connection.request("GET", "/_psgnews/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")

    def next(self, name: str, wanted: Callable[[Any], bool] = lambda data: True) -> Any:
        """Return the data of the next event `name` for which `wanted(data)` is true."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            event, data = self._read()
            if event == name and wanted(data):
                return data
        raise AssertionError(f"no {name} event in {WAIT} s")

    def _read(self) -> tuple[str, Any]:
        event, data = "", None
        while True:
            raw = self.response.fp.readline()
            if not raw:
                raise AssertionError("the server closed the event stream")
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = json.loads(line.removeprefix("data: "))
            elif not line and event:
                return event, data

    def __enter__(self) -> EventStream:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.connection.close()
