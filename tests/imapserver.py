"""A real IMAP server for the tests: pymap's in-memory backend, on a free port of 127.0.0.1."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from imapclient import IMAPClient

from synthetic.smtpserver import free_port
from tests.unsubscribeserver import Served

USER, PASSWORD = "psg", "a mailbox password for the tests"


class ImapServer(Served):
    """pymap, started on entry and stopped on exit, with one user and an empty INBOX."""

    def __enter__(self) -> ImapServer:
        self.port = free_port()
        pymap = str(Path(sys.executable).with_name("pymap"))
        command = [pymap, "--host", "127.0.0.1", "--port", str(self.port), "--no-tls", "dict"]
        self.start([*command, "--demo-user", USER, "--demo-password", PASSWORD], "pymap")
        return self

    def client(self) -> IMAPClient:
        """Return a client logged in as the Group's mailbox."""
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, messages: list[bytes], folder: str = "INBOX") -> None:
        """Put `messages` in `folder`, as mail arriving would."""
        client = self.client()
        try:
            for raw in messages:
                client.append(folder, raw)
        finally:
            client.logout()

    def subjects(self, folder: str) -> list[str]:
        """Return the subjects of the messages in `folder`, in order ([] if no such folder)."""
        client = self.client()
        try:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            uids = sorted(client.search("ALL"))
            found = client.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (SUBJECT)]"]) if uids else {}
            heads = [found[uid][b"BODY[HEADER.FIELDS (SUBJECT)]"] for uid in uids]
            return [h.decode().partition(":")[2].strip() for h in heads]
        finally:
            client.logout()

    def configure(self, project: Path) -> None:
        """Point the project's psgnews.yaml at this mailbox."""
        settings = project / "psgnews.yaml"
        config = yaml.safe_load(settings.read_text(encoding="utf-8"))
        config["mailbox"] = {"host": "127.0.0.1", "port": self.port, "tls": "none", "user": USER}
        settings.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
