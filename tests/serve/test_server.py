"""The preview's HTTP server: only the address served is answered, and any client survived."""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from psgnews.serve.server import IDLE_TIMEOUT, host_allowed
from tests.conftest import copy_project
from tests.serve.running import Served


@pytest.mark.parametrize(
    ("header", "served", "allowed"),
    [
        ("127.0.0.1:8000", "127.0.0.1", True),
        ("localhost:8000", "127.0.0.1", True),
        ("LOCALHOST.:8000", "127.0.0.1", True),
        ("[::1]:8000", "127.0.0.1", True),
        ("evil.example:8000", "127.0.0.1", False),  # a name pointed at 127.0.0.1 by its owner
        ("127.0.0.1.evil.example:8000", "127.0.0.1", False),
        ("127.0.0.1:8001", "127.0.0.1", False),
        ("127.0.0.1", "127.0.0.1", False),  # port 80
        ("192.168.1.5:8000", "127.0.0.1", False),
        ("", "127.0.0.1", False),
        (None, "127.0.0.1", False),
        ("127.0.0.1:8000/x", "127.0.0.1", False),
        ("preview.lan:8000", "preview.lan", True),
        ("other.lan:8000", "preview.lan", False),
        ("192.168.1.5:8000", "0.0.0.0", True),  # every interface: any address, never a name
        ("[fe80::1]:8000", "::", True),
        ("evil.example:8000", "0.0.0.0", False),
        ("localhost:8000", "localhost", True),
        ("127.0.0.1:8000", "localhost", True),
    ],
)
def test_only_the_served_host_is_allowed(header: str | None, served: str, allowed: bool) -> None:
    assert host_allowed(header, served, 8000) is allowed


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`psgnews serve 119` of the sample project, shared by this module's tests."""
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    with Served(project, "119") as server:
        yield server


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/" + "9" * 5000 + "/", "/web/" + "9" * 5000 + "/x.pdf"])
def test_a_number_of_thousands_of_digits_is_not_found(served: Served, path: str) -> None:
    status, _, body = served.get(path)
    assert status == 404 and b"internal error" not in body


@pytest.mark.slow
def test_a_client_leaving_mid_response_is_no_traceback(served: Served) -> None:
    assert served.get("/119/psg-update-119.pdf")[0] == 200  # rendered: answered at once now
    for _ in range(5):
        client = socket.create_connection(("127.0.0.1", served.port))
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        request = f"GET /119/psg-update-119.pdf HTTP/1.0\r\nHost: 127.0.0.1:{served.port}\r\n\r\n"
        client.sendall(request.encode())
        assert client.recv(1)  # the answer has begun
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()  # reset: the rest of the PDF has nowhere to go
    assert served.get("/")[0] == 200
    code, stderr = served.stop()
    assert code == 0 and "Traceback" not in stderr and "Error" not in stderr, stderr


@pytest.mark.slow
def test_idle_connections_are_closed_and_do_not_stop_new_requests(project: Path) -> None:
    # 128 descriptors: 120 connections that never send a request used to hold one each for
    # ever, and the accept loop spun on "too many open files" while new requests timed out.
    with Served(project, "119", files=128) as server:
        idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(120)]
        started = time.monotonic()
        try:
            for connection in idle:
                connection.settimeout(IDLE_TIMEOUT * 3)
                assert connection.recv(1024) == b""  # closed by the server, at once or when idle
            assert time.monotonic() - started < IDLE_TIMEOUT * 3
            assert server.get("/")[0] == 200
        finally:
            for connection in idle:
                connection.close()
        code, stderr = server.stop()
    assert code == 0 and "Traceback" not in stderr, stderr
