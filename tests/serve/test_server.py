"""The Host check: only the address served is answered (DNS rebinding protection)."""

from __future__ import annotations

import pytest

from psgnews.serve.server import host_allowed


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
