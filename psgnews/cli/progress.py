"""Progress of a build: a bar on a terminal, plain lines otherwise, nothing if quiet."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from psgnews.compile.many import BUILT, CURRENT, FAILED, IssueResult

if TYPE_CHECKING:
    from psgnews.site.archive import Published

WIDTH = 24


class Progress:
    """Report each issue as it finishes: `[k/n] 119 built ...`, or redraw a bar on a terminal.

    Then a line of totals, and what publishing the web archive did (build.pipeline.Progress).
    """

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

    def __call__(self, result: IssueResult) -> None:
        """Take one issue's result."""
        self.done += 1
        if result.status == BUILT:
            self.built += 1
            self.spent += result.seconds
        self.pending.remove(result.number)
        if self.quiet:
            return
        if self.bar:
            self._draw()
        else:
            print(f"[{self.done}/{self.total}] {self._line(result)}", file=self.stream)

    def finish(self, results: Sequence[IssueResult]) -> None:
        """Clear the bar and print one line of totals."""
        if self.quiet:
            return
        if self.bar:
            self.stream.write("\r\x1b[K")
        counts = {s: sum(r.status == s for r in results) for s in (BUILT, CURRENT, FAILED)}
        totals = ", ".join(f"{n} {status}" for status, n in counts.items())
        print(
            f"{self.total} issue{'s' if self.total != 1 else ''}: {totals} "
            f"in {time.monotonic() - self.start:.1f} s",
            file=self.stream,
        )

    def published(self, published: Published) -> None:
        """Print what publishing the web archive did, on stdout."""
        if self.quiet:
            return
        where = f"{self.show(published.folder)}/"
        if published.current:
            click.echo(f"web archive: {where} up to date")
            return
        count = len(published.written)
        click.echo(f"web archive: {where} ({count} file{'s' if count != 1 else ''} written)")
        for line in published.left_out:
            click.echo(f"web archive: {line}")

    def _line(self, result: IssueResult) -> str:
        if result.status == BUILT:
            count = len(result.paths)
            return (
                f"{result.number} built: {self.show(result.folder)}/ "
                f"({count} file{'s' if count != 1 else ''}, {result.seconds:.1f} s)"
            )
        return f"{result.number} {result.status}"

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
