"""What `send` says before it starts: the plan to confirm, and addresses still placeholders."""

from __future__ import annotations

import urllib.parse
from collections import Counter

from psgnews.content.settings import Config, Smtp
from psgnews.send.members import Member, skipped_counts

# RFC 2606's names for documentation and tests: mail to them reaches nobody.
PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")
PLACEHOLDER_TLDS = ("example", "test", "invalid", "localhost")


def placeholders(config: Config) -> list[str]:
    """Return a warning for each sending address or link still on a placeholder domain."""
    found = [("sender.address", config.sender.address)]
    if config.sender.bounces:
        found.append(("sender.bounces", config.sender.bounces))
    if config.unsubscribe:
        found.append(("unsubscribe.mailto", config.unsubscribe.mailto))
        if config.unsubscribe.url:
            found.append(("unsubscribe.url", config.unsubscribe.url))
    return [
        f"psgnews.yaml: {key}: {value} is a placeholder domain (RFC 2606): replies,"
        " bounces or unsubscribes to it reach nobody; set the Group's own"
        for key, value in found
        if is_placeholder(value)
    ]


def is_placeholder(value: str) -> bool:
    """Return whether the address or URL `value` is on a domain reserved for examples."""
    host = urllib.parse.urlsplit(value).hostname if "://" in value else value.rpartition("@")[2]
    host = (host or "").rstrip(".").casefold()
    return host.rpartition(".")[2] in PLACEHOLDER_TLDS or any(
        host == domain or host.endswith(f".{domain}") for domain in PLACEHOLDER_DOMAINS
    )


def plan(config: Config, smtp: Smtp, number: int, members: list[Member]) -> list[str]:
    """Return what a send of issue `number` to `members` is about to do, to be confirmed."""
    formats = Counter(m.format for m in members if m.active)
    skipped = ", ".join(f"{n} {status}" for status, n in skipped_counts(members).items())
    sender = config.sender
    return [
        f"About to send {config.newsletter} {number} to {sum(formats.values())} active members"
        f" ({formats['email']} email, {formats['pdf']} pdf; skipping {skipped}),",
        f"  from {sender.name} <{sender.address}>, bounces to {sender.bounces or sender.address},",
        f"  through {smtp.host}:{smtp.port} (tls: {smtp.tls}).",
        "Members already sent this issue are not sent it again.",
    ]
