"""`psgnews publish`: bring build/web/ up to date, then send the target only what changed."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from psgnews.content import yamlread
from psgnews.content.project import Root
from psgnews.content.settings import Publish
from psgnews.core.errors import ContentError, PublishError
from psgnews.core.paths import CONFIG
from psgnews.publish import changes, folder, rsync, sftp, targets
from psgnews.publish.targets import Target
from psgnews.site import archive

_PAGE = re.compile(r"(\d+)/index\.html")


@dataclass
class Outcome:
    """What a publish did (or, with --dry-run, would do), and what the archive lacks."""

    target: Target
    changes: changes.Changes
    dry_run: bool
    without_pdf: list[int] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the report: warnings first, then what was sent and removed."""
        lines = [f"web archive: {line}" for line in self.left_out]
        if self.without_pdf:
            numbers = " ".join(map(str, self.without_pdf))
            lines.append(
                f"warning: no PDF in the archive for issue {numbers}: build it first"
                f" (psgnews build {numbers}), or the archive links to none"
            )
        sent, removed = ("would send", "would remove") if self.dry_run else ("sent", "removed")
        lines += [f"{sent}: {name}" for name in self.changes.send]
        lines += [f"{removed}: {name}" for name in self.changes.remove]
        done = self.changes
        summary = f"{len(done.send)} sent, {len(done.remove)} removed, {done.unchanged} unchanged"
        prefix = "dry run, nothing sent: " if self.dry_run else ""
        lines.append(f"{prefix}published to {self.target}: {summary}")
        return lines


def publish(root: Root, to: str | None, *, dry_run: bool = False) -> Outcome:
    """Publish the web archive of `root` to `to` (default: psgnews.yaml's publish: to:)."""
    settings = root.config.publish or Publish(to="")
    target = _target(root, to, settings)
    # Gather: the archive as the sources make it now (no PDF is made here).
    published = archive.publish(root)
    local = changes.archive_files(published.folder)
    outcome = Outcome(target, changes.Changes(), dry_run, _without_pdf(local))
    outcome.left_out = published.left_out
    # Send.
    if target.kind == targets.FOLDER:
        _refuse_overlap(Path(target.path), published.folder)
        outcome.changes = folder.publish(Path(target.path), local, dry_run=dry_run)
    elif target.kind == targets.SFTP:
        login = sftp.Login(
            target.user or os.environ.get(settings.user_env) or None,
            os.environ.get(settings.password_env) or None,
        )
        outcome.changes = sftp.publish(target, local, login, dry_run=dry_run)
    else:
        outcome.changes = rsync.publish(target.path, published.folder, len(local), dry_run=dry_run)
    return outcome


def _target(root: Root, to: str | None, settings: Publish) -> Target:
    """Return the target --to names, else psgnews.yaml's; a bad one is located where written."""
    if to is None and not settings.to:
        raise PublishError(
            "nowhere to publish: give --to (a folder, sftp://user@host/path or rsync:DEST),"
            " or set it once in psgnews.yaml as publish: {to: ...}"
        )
    try:
        return targets.parse(to if to is not None else settings.to, root.path)
    except ValueError as e:
        if to is not None:
            raise PublishError(f"--to {to!r}: {e}") from None
        doc = yamlread.read(root.path / CONFIG, CONFIG)
        raise ContentError([doc.problem(("publish", "to"), str(e))]) from None


def _refuse_overlap(target: Path, web: Path) -> None:
    """Refuse a target folder that is, holds, or lies inside the archive's own folder."""
    there, here = target.resolve(), web.resolve()
    if there == here or there.is_relative_to(here) or here.is_relative_to(there):
        raise PublishError(f"cannot publish to {target}: it overlaps the archive's folder {web}")


def _without_pdf(local: dict[str, changes.Local]) -> list[int]:
    """Return the issues whose page is in the archive but whose PDF is not."""
    pages = sorted(int(m[1]) for name in local if (m := _PAGE.fullmatch(name)))
    with_pdf = {name.split("/")[0] for name in local if name.endswith(".pdf")}
    return [n for n in pages if str(n) not in with_pdf]
