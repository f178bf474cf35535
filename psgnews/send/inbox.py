"""The mail `members sync` reads: an mbox file or Maildir folder, or the Group's IMAP mailbox.

Messages are only read here; those `members sync` has dealt with are moved to the
mailbox's `processed` folder afterwards (IMAP), never deleted. An mbox or Maildir
is left as it is.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psgnews.content.settings import Mailbox
from psgnews.core.errors import SendError
from psgnews.core.readfile import is_regular, passes_link

BATCH = 500  # messages fetched over IMAP in one command
MAX_MESSAGE = 10 * 1024 * 1024  # a bounce is small; a bigger message is not read
Fetched = dict[int, dict[bytes, Any]]  # imapclient's answer to a FETCH: uid -> item -> value


@dataclass(frozen=True)
class Mail:
    """One message as found: where (`ref`, as shown to the user), its id there, and its bytes."""

    ref: str
    uid: int
    raw: bytes


def from_path(path: Path) -> Iterator[Mail]:
    """Yield the messages of the mbox file or Maildir folder at `path`, in their order."""
    if passes_link(path):
        raise SendError(f"{path}: is a link or inside a linked folder; psgnews does not follow it")
    if path.is_dir():
        if not all((path / part).is_dir() for part in ("cur", "new")):
            raise SendError(f"{path}: a folder, but not a Maildir folder (it has no cur/ and new/)")
        box: mailbox.Mailbox[Any] = mailbox.Maildir(path, factory=None, create=False)
        keys = sorted(box.keys())
    elif is_regular(path):
        box = mailbox.mbox(path, create=False)
        keys = list(box.keys())
    else:
        raise SendError(f"{path}: not an mbox file or a Maildir folder")
    try:
        for number, key in enumerate(keys, 1):
            yield Mail(f"{path.name} #{number}", number, box.get_bytes(key)[:MAX_MESSAGE])
    finally:
        box.close()


class Imap:
    """The IMAP mailbox of psgnews.yaml's `mailbox:`, logged in while the object is open."""

    def __init__(self, settings: Mailbox) -> None:
        from imapclient import IMAPClient

        password = os.environ.get(settings.password_env, "")
        if not password:
            raise SendError(f"set {settings.password_env}: the password of {settings.user}")
        self.settings = settings
        where = f"{settings.host}:{settings.port}"
        try:
            self.client = IMAPClient(
                settings.host, port=settings.port, ssl=settings.tls == "implicit", timeout=60
            )
            if settings.tls == "starttls":
                self.client.starttls()
            self.client.login(settings.user, password)
            self.client.select_folder(settings.folder)
        except Exception as e:  # imapclient raises socket, ssl and IMAP errors alike
            raise SendError(f"cannot read the mailbox {settings.folder} at {where}: {e}") from e
        self.fetcher = ThreadPoolExecutor(1, thread_name_prefix="psgnews-fetch")

    def __enter__(self) -> Imap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fetcher.shutdown(cancel_futures=True)  # a batch on its way is waited for
        try:
            self.client.logout()
        except Exception:  # the connection may be gone already; nothing is left to do
            self.client.shutdown()

    def messages(self) -> Iterator[Mail]:
        """Return every message of the folder, unmarked (read with BODY.PEEK), in UID order.

        The first batch is asked for at once, and each next one on a thread of its own
        while the caller reads the last: the server's work and the wait for it overlap
        the reading of the members list and of bounces.
        """
        uids = sorted(self.client.search("ALL"))
        batches = [uids[first : first + BATCH] for first in range(0, len(uids), BATCH)]
        coming = [self.fetcher.submit(self._fetch, batch) for batch in batches[:1]]
        return self._read(batches, coming)

    def _read(self, batches: list[list[int]], coming: list[Future[Fetched]]) -> Iterator[Mail]:
        for number, batch in enumerate(batches):
            found = coming[number].result()
            if number + 1 < len(batches):
                coming.append(self.fetcher.submit(self._fetch, batches[number + 1]))
            for uid in batch:
                raw = found.get(uid, {}).get(b"BODY[]", b"")
                yield Mail(f"{self.settings.folder} uid {uid}", uid, raw[:MAX_MESSAGE])

    def _fetch(self, batch: list[int]) -> Fetched:
        try:
            return self.client.fetch(batch, ["BODY.PEEK[]"])  # type: ignore[no-any-return]
        except Exception as e:  # the connection lost, or the server refusing: nothing is changed
            where = f"{self.settings.host}:{self.settings.port}"
            raise SendError(f"lost the mailbox {self.settings.folder} at {where}: {e}") from e

    def file_away(self, uids: list[int]) -> None:
        """Move the messages `uids` to the processed folder, making it if need be."""
        if not uids:
            return
        if not self.client.folder_exists(self.settings.processed):
            self.client.create_folder(self.settings.processed)
        ranges = uid_set(uids)
        if self.client.has_capability("MOVE"):
            self.client.move(ranges, self.settings.processed)
        else:  # never deleted: copied, and left where they were
            self.client.copy(ranges, self.settings.processed)


def uid_set(uids: list[int]) -> str:
    """Return `uids` as an IMAP set of ranges ("1:3,7"), short for any number of messages.

    A mailbox's messages are mostly consecutive: 5,000 of them make one range,
    not a 30 KB command line (servers limit its length).
    """
    ranges: list[list[int]] = []
    for uid in sorted(set(uids)):
        if ranges and uid == ranges[-1][1] + 1:
            ranges[-1][1] = uid
        else:
            ranges.append([uid, uid])
    return ",".join(f"{a}:{b}" if a != b else str(a) for a, b in ranges)
