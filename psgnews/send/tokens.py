"""Each member's unsubscribe token: what the links carry and what the endpoint and sync check."""

from __future__ import annotations

import hashlib
import hmac
import os

from psgnews.core.errors import SendError

LENGTH = 32  # hex digits: 128 bits of HMAC-SHA256


def token(secret: bytes, address: str) -> str:
    """Return the token of `address`: HMAC-SHA256 of the lower-cased address, in hex."""
    digest = hmac.new(secret, address.lower().encode(), hashlib.sha256)
    return digest.hexdigest()[:LENGTH]


def matches(secret: bytes, address: str, given: str) -> bool:
    """Return whether `given` is the token of `address`, compared in constant time."""
    return hmac.compare_digest(token(secret, address).encode(), given.encode("utf-8", "replace"))


def secret_from(name: str, use: str) -> bytes:
    """Return the secret in the environment variable `name`; `use` says what it keys."""
    secret = os.environ.get(name, "")
    if len(secret) < 16:
        raise SendError(f"set {name} to a secret of at least 16 characters: it keys {use}")
    return secret.encode()
