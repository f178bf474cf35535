"""What `psgnews import` tells its user: each action, note, repair, unread line; a summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from psgnews.core.errors import ImportFailedError, printable
from psgnews.legacy import imported

if TYPE_CHECKING:
    from psgnews.legacy.targets import Plan


@dataclass
class ImportResult:
    """What an import planned, decided and wrote."""

    plan: Plan
    actions: list[imported.Action]
    written: list[Path]
    dry_run: bool

    @property
    def conflicts(self) -> int:
        """Return how many files were left as they are because of a conflict."""
        return sum(a.verb == "conflict" for a in self.actions)

    def report(self) -> list[str]:
        """Return every line to show: actions, notes, repairs, lines not understood, summary."""
        would = "would " if self.dry_run or self.plan.unread else ""
        lines = [
            f"{would if a.verb in imported.WRITES else ''}{a}"
            for a in self.actions
            if a.verb != "unchanged"
        ]
        lines += self.plan.notes + [str(r) for r in self.plan.repairs]
        lines += [str(u) for u in self.plan.unread]
        return [*map(printable, lines), self.summary()]

    def summary(self) -> str:
        """Return the counts of the import and what was written."""
        plan = self.plan
        counts = [
            _plural(plan.count("issue"), "issue"),
            _plural(plan.count("article"), "article"),
            _plural(plan.count("briefing"), "briefing"),
            _plural(plan.count("series"), "series item"),
            _plural(plan.count("standing"), "standing piece"),
            _plural(plan.dropped, "line") + " dropped",
            _plural(len(plan.repairs), "repair"),
            _plural(self.conflicts, "conflict"),
            _plural(len(plan.unread), "line") + " not understood",
        ]
        if plan.skipped:
            counts.append(_plural(len(plan.skipped), "file") + " skipped (see --report)")
        if self.dry_run:
            done = "dry run: nothing written"
        elif plan.unread:
            done = "nothing written"
        else:
            done = f"{_plural(len(self.written), 'file')} written"
        return f"{', '.join(counts)}; {done}"

    def check(self) -> None:
        """Raise ImportFailedError if a line was not understood or a conflict left standing."""
        unread, conflicts = len(self.plan.unread), self.conflicts
        if unread:
            raise ImportFailedError(
                f"{_plural(unread, 'line')} not understood; nothing was written"
                " (correct the listing and import it again)"
            )
        if conflicts:
            left = "it is" if conflicts == 1 else "they are"
            raise ImportFailedError(
                f"{_plural(conflicts, 'file')} in conflict left as {left};"
                " import again with --force to overwrite"
            )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"
