"""Gmail's clipping limit: the size budget of the HTML email.

Gmail cuts off a message whose HTML is over about 102 KB and hides the rest
(footer and unsubscribe link included) behind "View entire message".
"""

from __future__ import annotations

import logging

from psgnews.errors import EmailTooLargeError

WARN_BYTES = 90_000
LIMIT_BYTES = 102_000
log = logging.getLogger("psgnews")


def check(html: str, what: str, *, allow_clipping: bool = False) -> int:
    """Return the size of `html` in bytes; warn near Gmail's limit, fail over it."""
    return check_bytes(len(html.encode("utf-8")), what, allow_clipping=allow_clipping)


def check_bytes(size: int, what: str, *, allow_clipping: bool = False) -> int:
    """Return `size`, an HTML email's bytes; warn near Gmail's limit, fail over it."""
    shown = f"{what}: the HTML email is {size / 1000:.1f} KB"
    if size > LIMIT_BYTES and not allow_clipping:
        raise EmailTooLargeError(
            f"{shown}; Gmail clips messages over {LIMIT_BYTES // 1000} KB, hiding the rest and "
            "the unsubscribe link (shorten the issue, or pass --allow-clipping)"
        )
    if size > LIMIT_BYTES:
        log.warning("%s; Gmail will clip it (allowed by --allow-clipping)", shown)
    elif size > WARN_BYTES:
        log.warning("%s, near Gmail's clipping limit of %d KB", shown, LIMIT_BYTES // 1000)
    return size
