"""The size budgets: the HTML email's (Gmail's clipping limit), each email image's, the PDF's.

Gmail cuts off a message whose HTML is over about 102 KB and hides the rest
(footer and unsubscribe link included) behind "View entire message". A member
on a phone downloads every image of the email, and many mailboxes refuse a
PDF attachment of more than a few megabytes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from psgnews.core.errors import EmailTooLargeError

WARN_BYTES = 90_000
LIMIT_BYTES = 102_000
EMAIL_IMAGE_BYTES = 250_000
PDF_BYTES = 3_000_000
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


def check_email_images(what: str, copies: Mapping[str, bytes]) -> None:
    """Warn about each email image (by its path from the issue's folder) over its budget."""
    for name, data in copies.items():
        if len(data) > EMAIL_IMAGE_BYTES:
            log.warning(
                "%s: the email image %s is %.0f KB, over the budget of %d KB "
                "(crop the image or make it simpler)",
                what, name, len(data) / 1000, EMAIL_IMAGE_BYTES // 1000,
            )  # fmt: skip


def check_pdf(what: str, size: int, *, images_only: bool = False) -> None:
    """Warn when a PDF of `size` bytes (or, `images_only`, its images alone) is over budget."""
    if size > PDF_BYTES:
        shown = (
            "the images in its PDF (each shown and attached) come to"
            if images_only
            else "the PDF is"
        )
        log.warning(
            "%s: %s %.1f MB, over the budget of %d MB that mailboxes take "
            "(use fewer or smaller photos)",
            what, shown, size / 1e6, PDF_BYTES // 1_000_000,
        )  # fmt: skip
