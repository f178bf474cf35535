"""Publish targets: a folder, sftp://[user@]host[:port]/path, rsync:DEST; others refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from psgnews.publish.targets import FOLDER, RSYNC, SFTP, Target, parse


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "sftp://ana@www.example.org/var/www",
            Target(SFTP, "/var/www", "www.example.org", 22, "ana"),
        ),
        (
            "sftp://www.example.org:2222/~/updates",
            Target(SFTP, "updates", "www.example.org", 2222, ""),
        ),
        ("rsync:ana@host:/var/www/", Target(RSYNC, "ana@host:/var/www/")),
        ("/srv/www", Target(FOLDER, "/srv/www")),
        ("site", Target(FOLDER, "/p/site")),
    ],
)
def test_targets_are_read(text: str, target: Target) -> None:
    assert parse(text, Path("/p")) == target


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ftp://host/x", "'ftp://' is not a way to publish"),
        ("sftp:///x", "sftp:// needs a host"),
        ("sftp://host:port/x", "the port after the host must be a number"),
        ("rsync:", "rsync: needs a destination"),
    ],
)
def test_bad_targets_say_how_to_write_one(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse(text, Path("/p"))


def test_a_target_is_shown_as_written() -> None:
    assert str(parse("sftp://ana@h:2222/var/www", Path("/p"))) == "sftp://ana@h:2222/var/www"
