"""A tiny DevTools-protocol client for Debian's headless chromium, over --remote-debugging-pipe.

Enough to load a page at a given viewport (with device emulation, so a phone
width below headless chromium's 500 px minimum works), in light or dark mode,
read values from it, take full-page screenshots and run axe-core's accessibility
checks. No network is used.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

TIMEOUT = 60  # seconds to wait for any one reply before giving up
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)
AXE = Path(sys.prefix) / "axe" / "node_modules" / "axe-core" / "axe.min.js"  # see the Makefile
NO_NETWORK = "MAP * ~NOTFOUND"  # host resolver rules: remote images fail fast


def _pipes_at_3_and_4(commands: int, replies: int) -> None:
    """In the child: put the command pipe at fd 3 and the reply pipe at fd 4, as chromium wants."""
    # Move both out of the way first, in case either already sits at 3 or 4.
    commands, replies = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands, replies))
    os.dup2(commands, 3)
    os.dup2(replies, 4)


class Browser:
    """One headless chromium with one page, driven through the DevTools protocol."""

    def __init__(self, *, loopback: bool = False) -> None:
        """Start chromium; with `loopback`, it may reach servers on 127.0.0.1 (and nothing else)."""
        rules = f"{NO_NETWORK}, EXCLUDE 127.0.0.1" if loopback else NO_NETWORK
        flags = [*FLAGS, f"--host-resolver-rules={rules}"]
        self.profile = tempfile.mkdtemp(prefix="psgnews-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # chromium reads commands from fd 3 and writes replies to fd 4.
        self.process = subprocess.Popen(
            [CHROMIUM, *flags, f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4),  # kept open: the dup2 below puts the pipes there
            preexec_fn=lambda: _pipes_at_3_and_4(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.page("Page.enable")

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command to the page."""
        return self.call(method, self.session, **params)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if not select.select([self._from_browser], [], [], TIMEOUT)[0]:
                raise RuntimeError(f"chromium sent nothing for {TIMEOUT} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(raw))

    def load(self, url: str, width: int, *, dark: bool = False, height: int = 800) -> None:
        """Load `url` in a viewport `width` px wide (a phone when under 500), light or dark."""
        mobile = width < 500
        self.page(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=2 if mobile else 1,
            mobile=mobile,
        )
        scheme = "dark" if dark else "light"
        self.page(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": scheme}],
        )
        self.events.clear()
        self.page("Page.navigate", url=url)
        self._wait_for_load()

    def follow(self, expression: str) -> None:
        """Run a JavaScript expression that leaves the page (a form's submit) and wait for the next."""
        self.events.clear()
        self.page("Runtime.evaluate", expression=expression)
        self._wait_for_load()

    def _wait_for_load(self) -> None:
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._read())

    def evaluate(self, expression: str) -> Any:
        """Return the value of a JavaScript expression in the page (a promise's, once settled)."""
        result = self.page(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def axe(self) -> dict[str, Any]:
        """Return axe-core's findings on the page: each violation's id and elements, and how many
        checks passed."""
        self.evaluate(AXE.read_text(encoding="utf-8"))
        found: dict[str, Any] = json.loads(
            self.evaluate(
                "axe.run(document).then(r => JSON.stringify("
                "{violations: r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.html)),"
                " passes: r.passes.length}))"
            )
        )
        return found

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the whole page (not just the viewport) to `path`."""
        data = self.page("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(data["data"]))
        return path

    def close(self) -> None:
        """Close chromium and remove its profile."""
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)
