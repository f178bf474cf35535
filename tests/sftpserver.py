"""A real SFTP server for the tests: asyncssh's, on 127.0.0.1, serving one folder as its root.

It logs in one user with a password, or with the public key it is given; its
host key is thrown away with it. `known_hosts` is the file a client trusts it by.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import asyncssh

USER = "editor"
PASSWORD = "a throw-away password for the tests"


class _Server(asyncssh.SSHServer):
    """Accept USER with PASSWORD, or with the keys in `authorized`."""

    def __init__(self, authorized: asyncssh.SSHAuthorizedKeys | None) -> None:
        self.authorized = authorized

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == USER and password == PASSWORD

    def public_key_auth_supported(self) -> bool:
        return self.authorized is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        if username != USER or self.authorized is None:
            return False
        return self.authorized.validate(key, "127.0.0.1", "127.0.0.1") is not None


class SftpServer:
    """asyncssh's SFTP server in a thread of its own; `root` is the folder it serves as /."""

    def __init__(self, root: Path, folder: Path, client_key: asyncssh.SSHKey | None = None) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        host_key = asyncssh.generate_private_key("ssh-ed25519")
        authorized = None
        if client_key is not None:
            authorized = asyncssh.import_authorized_keys(client_key.export_public_key().decode())
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        chroot = str(self.root).encode()

        def sftp(channel: Any) -> asyncssh.SFTPServer:
            return asyncssh.SFTPServer(channel, chroot=chroot)

        async def listen() -> asyncssh.SSHAcceptor:
            return await asyncssh.listen(
                "127.0.0.1",
                0,
                server_host_keys=[host_key],
                server_factory=lambda: _Server(authorized),
                sftp_factory=sftp,
                allow_scp=False,
            )

        self.acceptor = asyncio.run_coroutine_threadsafe(listen(), self.loop).result(10)
        self.port = self.acceptor.get_port()
        self.known_hosts = folder / "known_hosts"
        public = host_key.export_public_key().decode().strip()
        self.known_hosts.write_text(f"[127.0.0.1]:{self.port} {public}\n")

    def url(self, path: str = "/site") -> str:
        """Return the sftp:// address of `path` on this server, for USER."""
        return f"sftp://{USER}@127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        """Stop listening and end the server's thread."""

        async def stop() -> None:
            self.acceptor.close()
            await self.acceptor.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
