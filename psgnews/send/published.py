"""Whether the email's images are already at `web_base_url`, where members' mail fetches them."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request

from psgnews.content.model import Issue
from psgnews.render import emailhtml, images

log = logging.getLogger("psgnews")
TIMEOUT = 5.0  # seconds for each image's answer: a slow host is not taken for a missing file


def warn_unpublished(issue: Issue) -> list[str]:
    """Warn of the email's images that `web_base_url` does not serve yet; return their URLs."""
    urls = [emailhtml.absolute(issue, images.email_copy(image).name) for image in issue.images]
    missing = [url for url in urls if url.startswith(("http://", "https://")) and not _served(url)]
    if missing:
        log.warning(
            "issue %s: %d of the email's images are not yet at web_base_url (first: %s):"
            " run psgnews publish before sending, or members see broken images",
            issue.number,
            len(missing),
            missing[0],
        )
    return missing


def _served(url: str) -> bool:
    """Return whether a HEAD request for `url` is answered 200."""
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False
