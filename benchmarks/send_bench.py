"""Benchmark `psgnews send`: 1,000 members to a local aiosmtpd, against a bare smtplib loop.

The floor is the cheapest way to put the same messages through the same
server: one smtplib connection sending the copies psgnews makes, built
beforehand. psgnews's run does everything a real send does (read and check
the list, render the kinds of copy, fill in each member's copy, the journal
with its fsync, reconnect logic) and must stay within 2.0× the floor.

The server runs in its own process, so its work does not share the sender's
interpreter. Each side runs three times, alternating; the best of each counts.

    .venv/bin/python benchmarks/send_bench.py [--members 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from psgnews.compile.one import build_issue  # noqa: E402
from psgnews.content.project import open_root  # noqa: E402
from psgnews.send.mailmerge import MemberCopies  # noqa: E402
from psgnews.send.members import read_members  # noqa: E402
from psgnews.send.sending import Options, send_issue  # noqa: E402
from synthetic.sample import copy_sample  # noqa: E402
from synthetic.smtpserver import configure, free_port, write_members  # noqa: E402

SECRET = "benchmark secret, long enough"
NAMES = ["Ana Pérez", "Bob Smith", "", "María José Núñez", "Chris O'Neill", "Zoë Brown"]
SERVER = """
import sys, threading
from aiosmtpd.controller import Controller

class Count:
    taken = 0
    async def handle_DATA(self, server, session, envelope):
        Count.taken += 1
        return "250 2.0.0 OK"

controller = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
for line in sys.stdin:
    print(Count.taken, flush=True)
controller.stop()
"""


class Server:
    """aiosmtpd in a child process; `taken()` asks it how many messages it has taken."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(self.port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None and self.process.stdout.readline() == "ready\n"

    def taken(self) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("?\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def members_list(path: Path, count: int) -> Path:
    """Write `count` active members, one in five taking the PDF, some with accented names."""
    rows = [
        (
            f"member{n}@example.org",
            NAMES[n % len(NAMES)],
            "pdf" if n % 5 == 0 else "email",
            "active",
        )
        for n in range(1, count + 1)
    ]
    return write_members(path, rows)


def psgnews_run(project: Path, members: Path) -> float:
    """Return the seconds `send_issue` takes to send every member its copy, from a new journal."""
    journal = project / "sent" / "119-send-journal.sqlite"
    for path in journal.parent.glob(f"{journal.name}*"):
        path.unlink()
    start = time.perf_counter()
    report = send_issue(open_root(project), 119, members, Options())
    seconds = time.perf_counter() - start
    assert report.ok and len(report.tally.sent) == len(read_members(members)), report.lines()
    return seconds


def floor_run(port: int, sender: str, copies: list[tuple[str, bytes]]) -> float:
    """Return the seconds a bare smtplib loop takes to send the pre-built `copies`."""
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for address, data in copies:
            smtp.sendmail(sender, [address], data)
    return time.perf_counter() - start


def fsync_seconds(folder: Path, count: int) -> float:
    """Return the seconds `count` journal steps written with an fsync take on this disk now."""
    from psgnews.send.journal import Journal

    for old in folder.glob("fsync-probe.sqlite*"):
        old.unlink()
    with Journal(folder / "fsync-probe.sqlite", 0) as journal:
        journal.enrol((f"m{n}", f"m{n}@example.org", "email", f"<{n}>") for n in range(count))
        start = time.perf_counter()
        for n in range(count):
            journal.move(f"m{n}", "ready", "", attempt=True)  # the step that is fsynced
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ["PSGNEWS_UNSUBSCRIBE_SECRET"] = SECRET
    folder = Path(tempfile.mkdtemp(prefix="send-bench-"))
    server = Server()
    try:
        project = copy_sample(folder / "project")
        configure(project, None)
        config = project / "psgnews.yaml"
        config.write_text(
            config.read_text() + f"smtp: {{host: 127.0.0.1, port: {server.port}, tls: none}}\n"
        )
        root = open_root(project)
        build_issue(root, 119, ["pdf"])  # the PDF exists before either run, as after `build`
        members = members_list(folder / "members.csv", args.members)
        from psgnews.content.load import load_issue

        issue = load_issue(root, 119)
        pdf = (project / "build" / "119" / f"{issue.basename}.pdf").read_bytes()
        member_copies = MemberCopies(issue, pdf, SECRET.encode())
        copies = [(m.address, member_copies.compose(m)) for m in read_members(members)]
        size = sum(len(data) for _, data in copies) / len(copies)
        ours, floor, fsyncs = [], [], []
        for _ in range(args.rounds):
            floor.append(floor_run(server.port, member_copies.sender, copies))
            ours.append(psgnews_run(project, members))
            fsyncs.append(fsync_seconds(folder, args.members))
        assert server.taken() == 2 * args.rounds * args.members
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    count = args.members
    best_ours, best_floor = min(ours), min(floor)
    print(f"members: {count} (1 in 5 PDF), mean message {size / 1024:.1f} KiB")
    print(f"psgnews send:      {best_ours:.2f} s  {count / best_ours:7.0f} messages/s  "
          f"(rounds: {', '.join(f'{t:.2f}' for t in ours)})")  # fmt: skip
    print(f"bare smtplib loop: {best_floor:.2f} s  {count / best_floor:7.0f} messages/s  "
          f"(rounds: {', '.join(f'{t:.2f}' for t in floor)})")  # fmt: skip
    fsync = min(fsyncs)
    rounds = ", ".join(f"{t:.2f}" for t in fsyncs)
    print(f"of which the journal's {count} fsyncs, timed alone: {fsync:.2f} s "
          f"({1000 * fsync / count:.2f} ms each; rounds: {rounds})")  # fmt: skip
    ratio = best_ours / best_floor
    print(f"ratio: {ratio:.2f} (limit 2.0) {'OK' if ratio <= 2.0 else 'OVER'}; "
          f"without the fsyncs: {(best_ours - fsync) / best_floor:.2f}")  # fmt: skip
    sys.exit(0 if ratio <= 2.0 else 1)


if __name__ == "__main__":
    main()
