"""Progress of a multi-issue build: a bar on a terminal, plain lines otherwise, nothing if quiet."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from psgnews.build.many import BUILT, CURRENT, FAILED, Outcome

WIDTH = 24


class Progress:
    """Report each issue as it finishes: `[k/n] 119 built ...`, or redraw a bar on a terminal."""

    def __init__(
        self,
        numbers: Sequence[int],
        jobs: int,
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
        bar: bool | None = None,
        show: Callable[[Path], str] = str,
    ) -> None:
        self.pending = sorted(set(numbers))
        self.total = len(self.pending)
        self.jobs = max(1, jobs)
        self.quiet = quiet
        # The bar redraws itself on stderr; plain lines go to stdout, where a log would want them.
        self.bar = (sys.stderr.isatty() and self.total > 1) if bar is None else bar
        self.stream = stream or (sys.stderr if self.bar else sys.stdout)
        self.show = show
        self.done = 0
        self.built = 0
        self.spent = 0.0  # seconds the built issues took, each in its worker
        self.start = time.monotonic()
        if self.bar and not quiet:
            self._draw()

    def __call__(self, outcome: Outcome) -> None:
        """Take one issue's outcome."""
        self.done += 1
        if outcome.status == BUILT:
            self.built += 1
            self.spent += outcome.seconds
        self.pending.remove(outcome.number)
        if self.quiet:
            return
        if self.bar:
            self._draw()
        else:
            print(f"[{self.done}/{self.total}] {self._line(outcome)}", file=self.stream)

    def finish(self, outcomes: Sequence[Outcome]) -> None:
        """Clear the bar and print one line of totals."""
        if self.quiet:
            return
        if self.bar:
            self.stream.write("\r\x1b[K")
        counts = {s: sum(o.status == s for o in outcomes) for s in (BUILT, CURRENT, FAILED)}
        totals = ", ".join(f"{n} {status}" for status, n in counts.items())
        print(
            f"{self.total} issue{'s' if self.total != 1 else ''}: {totals} "
            f"in {time.monotonic() - self.start:.1f} s",
            file=self.stream,
        )

    def _line(self, outcome: Outcome) -> str:
        if outcome.status == BUILT:
            count = len(outcome.paths)
            return (
                f"{outcome.number} built: {self.show(outcome.folder)}/ "
                f"({count} file{'s' if count != 1 else ''}, {outcome.seconds:.1f} s)"
            )
        return f"{outcome.number} {outcome.status}"

    def _draw(self) -> None:
        filled = WIDTH * self.done // max(1, self.total)
        now = ", ".join(map(str, self.pending[: self.jobs]))
        line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] issue {self.done} of {self.total}"
        if now:
            line += f"  now: {now}"
        left = self._left()
        if left is not None:
            line += f"  {left // 60}:{left % 60:02d} left"
        self.stream.write(f"\r{line}\x1b[K")
        self.stream.flush()

    def _left(self) -> int | None:
        """Return the seconds left: the issues to go, at the pace of those built, over the jobs."""
        if not self.built:
            return None
        return round(self.spent / self.built * (self.total - self.done) / self.jobs)
