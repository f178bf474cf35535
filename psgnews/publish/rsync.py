"""Publish with the system's rsync (over SSH, with the user's SSH agent and settings)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from psgnews.core.errors import PublishError
from psgnews.publish.changes import Changes


def publish(destination: str, folder: Path, files: int, *, dry_run: bool) -> Changes:
    """Make rsync's `destination` a copy of `folder` (of `files` files), deleting what it lacks."""
    rsync = shutil.which("rsync")
    if rsync is None:
        raise PublishError(
            "rsync is not installed: install it (apt-get install rsync), or publish to sftp://"
        )
    command = [rsync, "--recursive", "--checksum", "--delete", "--out-format=%i %n"]
    command += ["--dry-run"] if dry_run else []
    # "--" ends the options: a destination is never taken for one.
    done = subprocess.run(
        [*command, "--", f"{folder}/", destination], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise PublishError(f"rsync to {destination} failed: {done.stderr.strip()}")
    changes = Changes()
    for line in done.stdout.splitlines():
        change, _, name = line.partition(" ")
        if change == "*deleting":
            changes.remove.append(name.strip())
        elif change[:2] in (">f", "<f"):
            changes.send.append(name)
    changes.unchanged = files - len(changes.send)
    return changes
