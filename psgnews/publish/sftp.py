"""Publish over SFTP with asyncssh: the server's host key checked, the login from the environment.

The password comes from a PSGNEWS_ variable; without one, the SSH agent's keys
and the user's own (~/.ssh) are tried, as OpenSSH does. Never a file in the project.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import posixpath
import typing
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from psgnews.core.errors import PublishError
from psgnews.publish.changes import MANIFEST, Changes, Local, compare, manifest, read_manifest
from psgnews.publish.targets import Target

if TYPE_CHECKING:
    import asyncssh

KNOWN_HOSTS_ENV = "PSGNEWS_SSH_KNOWN_HOSTS"  # a known_hosts file other than ~/.ssh/known_hosts
KEY_ENV = "PSGNEWS_SSH_KEY"  # a private key file to log in with, besides the agent's


@dataclass(frozen=True)
class Login:
    """Who logs in, with what: a password, or else the agent's and the user's keys."""

    user: str | None
    password: str | None


def load() -> None:
    """Import asyncssh (~0.2 s: only this target pays it), without its DSA deprecation warning.

    asyncssh still names DSA keys, which cryptography warns of at import; no DSA key is used.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="DSA is deprecated")
        import asyncssh  # noqa: F401


def publish(target: Target, local: dict[str, Local], login: Login, *, dry_run: bool) -> Changes:
    """Bring the SFTP folder of `target` up to date with the archive's files `local`."""
    load()
    import asyncssh

    try:
        return asyncio.run(_session(target, local, login, dry_run))
    except asyncssh.HostKeyNotVerifiable as e:
        raise PublishError(
            f"cannot publish to {target}: the server's host key is not known ({e.reason});"
            f" connect once with ssh to add it, or name a known_hosts file in {KNOWN_HOSTS_ENV}"
        ) from None
    except asyncssh.PermissionDenied:
        raise PublishError(
            f"cannot publish to {target}: the server refused the login; load a key into the"
            " SSH agent, or set the password variable named in psgnews.yaml's publish:"
        ) from None
    except (asyncssh.Error, OSError) as e:
        raise PublishError(f"cannot publish to {target}: {_reason(e)}") from None


async def _session(target: Target, local: dict[str, Local], login: Login, dry_run: bool) -> Changes:
    import asyncssh

    options: dict[str, Any] = {"username": login.user, "password": login.password}
    if known := os.environ.get(KNOWN_HOSTS_ENV):
        options["known_hosts"] = known
    if key := os.environ.get(KEY_ENV):
        options["client_keys"] = [key]
    async with (
        asyncssh.connect(target.host, target.port, **options) as connection,
        connection.start_sftp_client() as sftp,
    ):
        base = target.path
        record = read_manifest(await _read(sftp, posixpath.join(base, MANIFEST)))
        changes = compare(local, record, await _sizes(sftp, base, local))
        if dry_run or not changes:
            return changes
        for name in changes.send:
            await _put(sftp, base, name, local[name].data)
        for name in changes.remove:
            await _remove(sftp, base, name)
        await _put(sftp, base, MANIFEST, manifest(local))
    return changes


async def _read(sftp: asyncssh.SFTPClient, path: str) -> bytes | None:
    import asyncssh

    try:
        async with sftp.open(path, "rb") as f:
            data = await f.read()
    except asyncssh.SFTPNoSuchFile:
        return None
    return typing.cast(bytes, data)  # "rb": bytes, whatever the stubs say


async def _sizes(sftp: asyncssh.SFTPClient, base: str, local: dict[str, Local]) -> dict[str, int]:
    """Return the size of each file of `local` the server holds (asked all at once)."""
    import asyncssh

    async def size(name: str) -> int | None:
        try:
            attrs = await sftp.lstat(posixpath.join(base, name))
        except asyncssh.SFTPNoSuchFile:
            return None
        regular = attrs.type == asyncssh.FILEXFER_TYPE_REGULAR
        return attrs.size if regular else None

    names = list(local)
    found = await asyncio.gather(*(size(name) for name in names))
    return {name: s for name, s in zip(names, found, strict=True) if s is not None}


async def _put(sftp: asyncssh.SFTPClient, base: str, name: str, data: bytes) -> None:
    """Write file `name` under `base`: to a temporary name, then renamed over the old one."""
    path = posixpath.join(base, name)
    folder, leaf = posixpath.split(path)
    await sftp.makedirs(folder, exist_ok=True)
    temporary = posixpath.join(folder, f".{leaf}.psgnews-tmp")
    async with sftp.open(temporary, "wb") as f:
        await f.write(data)
    await sftp.posix_rename(temporary, path)


async def _remove(sftp: asyncssh.SFTPClient, base: str, name: str) -> None:
    """Remove file `name` under `base`, then its folders that this leaves empty."""
    import asyncssh

    with contextlib.suppress(asyncssh.SFTPNoSuchFile):  # gone already: nothing to do
        await sftp.remove(posixpath.join(base, name))
    folder = posixpath.dirname(name)
    while folder:
        try:
            await sftp.rmdir(posixpath.join(base, folder))
        except asyncssh.SFTPError:
            return  # not empty: another file still lives there
        folder = posixpath.dirname(folder)


def _reason(error: BaseException) -> str:
    return str(getattr(error, "reason", "") or error) or type(error).__name__
