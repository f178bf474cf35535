"""Run the benchmarks' psgnews processes as they run on a user's machine."""

from __future__ import annotations

import os
import socket
import time


def as_installed() -> None:
    """Let Python cache bytecode in every process this benchmark starts from now on."""
    # psgnews is installed editable here: with PYTHONDONTWRITEBYTECODE set (as in some
    # sandboxes), every run compiles psgnews from source again, which no installation does.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30) -> None:
    """Wait until something listens on 127.0.0.1:`port`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
