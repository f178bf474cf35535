"""Who one copy of the email is for: its To:, greeting and unsubscribe links.

`psgnews build` makes the copy for the placeholder recipient of psgnews.yaml;
a sender personalises each member's copy by passing their own `Recipient`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from psgnews.content.settings import Config


@dataclass(frozen=True)
class Recipient:
    """One member's copy: `address` is the To:, `name` (if any) is greeted by name."""

    address: str
    name: str | None = None
    unsubscribe_url: str | None = None  # an https page that unsubscribes at once
    unsubscribe_mailto: str | None = None  # a full mailto: URI

    @property
    def unsubscribe_link(self) -> str | None:
        """Return the link the footer offers: the https page, else the mailto."""
        return self.unsubscribe_url or self.unsubscribe_mailto


def placeholder(config: Config) -> Recipient:
    """Return the recipient of psgnews.yaml, unsubscribing through its configured links.

    Without an `unsubscribe:` setting, members unsubscribe by writing to the sender.
    """
    mailto = config.unsubscribe.mailto if config.unsubscribe else config.sender.address
    return Recipient(
        address=config.recipient,
        unsubscribe_url=config.unsubscribe.url if config.unsubscribe else None,
        unsubscribe_mailto=f"mailto:{mailto}?subject={quote('unsubscribe')}",
    )
