"""Where the archive goes: a folder, `sftp://[user@]host[:port]/path`, or `rsync:DEST`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

FOLDER, SFTP, RSYNC = "folder", "sftp", "rsync"


@dataclass(frozen=True)
class Target:
    """A parsed publish target; `path` is the folder (local, remote, or rsync's destination)."""

    kind: str
    path: str
    host: str = ""
    port: int = 22
    user: str = ""

    def __str__(self) -> str:
        if self.kind == SFTP:
            user = f"{self.user}@" if self.user else ""
            port = f":{self.port}" if self.port != 22 else ""
            return f"sftp://{user}{self.host}{port}{self.path}"
        return f"rsync:{self.path}" if self.kind == RSYNC else self.path


def parse(text: str, root: Path) -> Target:
    """Return the target `text` names (a relative folder is from `root`), or raise ValueError."""
    text = text.strip()
    if text.startswith("rsync:"):
        if not text.removeprefix("rsync:").strip():
            raise ValueError("rsync: needs a destination, e.g. rsync:user@host:/var/www/updates/")
        return Target(RSYNC, text.removeprefix("rsync:").strip())
    if "://" in text:
        return _sftp(text)
    folder = Path(text).expanduser()
    return Target(FOLDER, str(folder if folder.is_absolute() else root / folder))


def _sftp(text: str) -> Target:
    parts = urlsplit(text)
    if parts.scheme != "sftp":
        raise ValueError(
            f"'{parts.scheme}://' is not a way to publish: use a folder,"
            " sftp://user@host/path or rsync:user@host:/path"
        )
    try:
        port = parts.port or 22
    except ValueError:
        raise ValueError("the port after the host must be a number, e.g. :22") from None
    if not parts.hostname:
        raise ValueError("sftp:// needs a host, e.g. sftp://user@www.example.org/var/www/updates")
    path = unquote(parts.path) or "/"
    # sftp://host/~/www is the folder www in the user's home, as OpenSSH's sftp reads it.
    path = (path[3:] or ".") if path.startswith("/~/") else path
    return Target(SFTP, path, parts.hostname, port, unquote(parts.username or ""))
