"""The IMAP servers the members benchmark reads: Debian's Dovecot, or pymap from PyPI.

Dovecot is what a Group's mailbox really runs on (or something as fast); pymap is
the pure-Python server the tests use. Either runs unprivileged on a free port of
127.0.0.1 with one user, no TLS, and everything of its own in a temporary folder.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmarks.environment import free_port, wait_for_port

DOVECOT = "/usr/sbin/dovecot"
# Dovecot's login processes refuse to run as root: as root, the whole server runs
# as the `dovecot` user Debian's package makes, unprivileged like anyone else's.
ROOT_RUNS_AS = "dovecot"

CONFIG = """\
base_dir = {folder}/run
state_dir = {folder}/state
instance_name = psgnews-bench-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{folder}/mail/%u
log_path = {folder}/dovecot.log
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {folder}/passwd
}}
"""


@contextlib.contextmanager
def dovecot(user: str, password: str) -> Iterator[int]:
    """Run Dovecot with one mailbox user while the block runs; yield its port."""
    if not Path(DOVECOT).exists():
        sys.exit(f"{DOVECOT} is missing: apt-get install dovecot-imapd (or --server pymap)")
    account = pwd.getpwnam(ROOT_RUNS_AS) if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    port = free_port()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for part in ("run", "state", "mail"):
            (folder / part).mkdir()
        group = grp.getgrgid(account.pw_gid).gr_name
        (folder / "dovecot.conf").write_text(
            CONFIG.format(
                folder=folder,
                port=port,
                user=account.pw_name,
                group=group,
                uid=account.pw_uid,
                gid=account.pw_gid,
            ),
            encoding="utf-8",
        )
        home = folder / "mail" / user
        line = f"{user}:{{PLAIN}}{password}:{account.pw_uid}:{account.pw_gid}::{home}\n"
        (folder / "passwd").write_text(line, encoding="utf-8")
        for path in (folder, *folder.rglob("*")):
            shutil.chown(path, account.pw_uid, account.pw_gid)
        command = [DOVECOT, "-F", "-c", str(folder / "dovecot.conf")]
        with _running(command, port, account if os.geteuid() == 0 else None):
            yield port


@contextlib.contextmanager
def pymap(user: str, password: str) -> Iterator[int]:
    """Run pymap's in-memory server with one user while the block runs; yield its port."""
    port = free_port()
    program = str(Path(sys.executable).with_name("pymap"))
    command = [program, "--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict"]
    with _running([*command, "--demo-user", user, "--demo-password", password], port, None):
        yield port


@contextlib.contextmanager
def _running(command: list[str], port: int, account: pwd.struct_passwd | None) -> Iterator[None]:
    """Run `command` (as `account`, if given) until the block ends, once it listens on `port`."""
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        user=account.pw_uid if account else None,
        group=account.pw_gid if account else None,
        extra_groups=[] if account else None,
    )
    try:
        wait_for_port(port)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


SERVERS = {"dovecot": dovecot, "pymap": pymap}
