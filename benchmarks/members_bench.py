"""Benchmark `psgnews members sync` of a 5,000-message IMAP mailbox against imapclient alone.

The mailbox is Debian's Dovecot (or, with --server pymap, the pure-Python server
the tests use) in its own processes, holding hard bounces, delays and mailed
unsubscribes (synthetic/mailbox_mail.py), one for each of 5,000 members.
psgnews's run does all a sync does: log in, fetch every message, read
each with flufl.bounce, check tokens, rewrite the members list atomically, move
the messages to the processed folder. The floor fetches the same messages with
imapclient and nothing else. psgnews must stay within 1.5x the floor; the best of
each side's rounds counts. A second reference is printed beside it: the same fetch,
each message read as flufl.bounce must have it (the standard library's parser) and
given to flufl.bounce, and one MOVE of them all to the processed folder, nothing
else: the least any sync that reads bounces with flufl.bounce and files them away
can do.

    .venv/bin/python benchmarks/members_bench.py [--server dovecot|pymap] [--messages 5000]
        [--rounds 2] [--profile FILE]

--profile writes cProfile's statistics of the last round's sync to FILE.
"""

from __future__ import annotations

import argparse
import cProfile
import email
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml
from flufl.bounce import all_failures
from imapclient import IMAPClient

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.imapservers import SERVERS  # noqa: E402
from psgnews.content.project import open_root  # noqa: E402
from psgnews.send.sync import sync  # noqa: E402
from synthetic.mailbox_mail import mailbox, members_csv  # noqa: E402

USER, PASSWORD = "psg", "benchmark mailbox password"
SECRET = "benchmark secret, long enough"
LIMIT = 1.5


def project(folder: Path, port: int) -> Path:
    """Write a project whose mailbox is the IMAP server on `port`."""
    folder.mkdir()
    config = yaml.safe_load((REPO / "psgnews.yaml").read_text(encoding="utf-8"))
    config["mailbox"] = {"host": "127.0.0.1", "port": port, "tls": "none", "user": USER}
    (folder / "psgnews.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    shutil.copytree(REPO / "issues", folder / "issues")
    return folder


def refill(port: int, messages: list[bytes]) -> None:
    """Empty the mailbox's folders and deliver `messages` to its INBOX again."""
    with IMAPClient("127.0.0.1", port=port, ssl=False) as client:
        client.login(USER, PASSWORD)
        if client.folder_exists("psgnews-processed"):
            client.delete_folder("psgnews-processed")
        client.select_folder("INBOX")
        client.delete_messages(client.search("ALL"))
        client.expunge()
        for first in range(0, len(messages), 500):
            client.multiappend("INBOX", messages[first : first + 500])


def floor_run(port: int, read: bool = False) -> tuple[float, float]:
    """Return the seconds imapclient takes to fetch every message of the INBOX, and 0.0.

    With `read`, each message is also read with flufl.bounce, and all are then moved
    to the processed folder as a sync moves them: the second number is the MOVE's.
    """
    move = 0.0
    start = time.perf_counter()
    with IMAPClient("127.0.0.1", port=port, ssl=False) as client:
        client.login(USER, PASSWORD)
        client.select_folder("INBOX", readonly=not read)
        uids = sorted(client.search("ALL"))
        for first in range(0, len(uids), 500):
            found = client.fetch(uids[first : first + 500], ["BODY.PEEK[]"])
            assert len(found) == len(uids[first : first + 500])
            for item in found.values() if read else ():
                all_failures(email.message_from_bytes(item[b"BODY[]"]))
        if read:
            client.create_folder("psgnews-processed")
            move = time.perf_counter()
            client.move(f"{uids[0]}:{uids[-1]}", "psgnews-processed")
            move = time.perf_counter() - move
    return time.perf_counter() - start, move


def psgnews_run(
    root: Path, members: Path, listed: str, count: int, profile: cProfile.Profile | None
) -> float:
    """Return the seconds `members sync` takes, from a fresh members list."""
    members.write_text(listed, encoding="utf-8")
    start = time.perf_counter()
    if profile:
        profile.enable()
    report = sync(open_root(root), members, None, dry_run=False)
    if profile:
        profile.disable()
    seconds = time.perf_counter() - start
    delays = len(range(1, count + 1, 3))  # synthetic.mailbox_mail: message n % 3 == 1 is one
    assert len(report.changes) == count - delays, len(report.changes)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--server", choices=sorted(SERVERS), default="dovecot")
    parser.add_argument("--profile", type=Path, help="write the last sync's cProfile here")
    args = parser.parse_args()
    os.environ["PSGNEWS_UNSUBSCRIBE_SECRET"] = SECRET
    os.environ["PSGNEWS_MAILBOX_PASSWORD"] = PASSWORD
    os.environ.pop("PSGNEWS_UNSUBSCRIBE_EXPORT_SECRET", None)
    messages = mailbox(args.messages, SECRET.encode())
    listed = members_csv(args.messages)
    with tempfile.TemporaryDirectory() as temp, SERVERS[args.server](USER, PASSWORD) as port:
        root = project(Path(temp) / "project", port)
        ours, floor, reading = [], [], []
        for last in range(args.rounds, 0, -1):
            refill(port, messages)
            floor.append(floor_run(port)[0])
            reading.append(floor_run(port, read=True))
            refill(port, messages)
            profile = cProfile.Profile() if args.profile and last == 1 else None
            ours.append(psgnews_run(root, root / "members.csv", listed, args.messages, profile))
            if profile and args.profile:
                profile.dump_stats(args.profile)
    ratio = min(ours) / min(floor)
    print(f"{args.messages} messages on {args.server}: imapclient alone {min(floor):.2f} s (floor)")
    least, move = min(reading)
    print(
        f"fetch, flufl.bounce and MOVE alone: {least:.2f} s ({least / min(floor):.2f}x the"
        f" floor; the MOVE {move:.2f} s); members sync {min(ours) / least:.2f}x that"
    )
    print(f"members sync: {min(ours):.2f} s, {ratio:.2f}x the floor (limit {LIMIT}x)")
    sys.exit(0 if ratio <= LIMIT else 1)


if __name__ == "__main__":
    main()
