"""Deliver one message to each member through the relay, recording every step in the journal.

A member whose transaction gets a 4xx reply, or loses the connection before
the message ended, is tried again after a pause that doubles each time, up to
`retries` more times; a 5xx reply fails that member and the run goes on.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from psgnews.core.errors import SmtpError
from psgnews.send.journal import Journal
from psgnews.send.members import Member
from psgnews.send.relay import Relay, TransactionOutcome, TransactionResult, Unavailable

Compose = Callable[[Member], bytes]
# Told of every transaction's end, as it happens.
Progress = Callable[[Member, TransactionResult], None]


@dataclass(frozen=True)
class Pace:
    """How hard to push the relay: retries and their first pause, and a rate in messages/second."""

    retries: int = 4
    retry_delay: float = 5.0
    rate: float | None = None


@dataclass
class Tally:
    """What one run did, member by member."""

    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unconfirmed: list[tuple[str, str]] = field(default_factory=list)
    not_reached: list[str] = field(default_factory=list)
    stopped: str = ""  # why the run ended early: the relay could not be reached or refused us


class Clock:
    """Monotonic time and sleep, replaceable in tests."""

    now = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)


def deliver_all(
    members: list[Member],
    compose: Compose,
    relay: Relay,
    journal: Journal,
    pace: Pace,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> Tally:
    """Send each of `members` its message and return the tally; stop only if the relay is gone."""
    run = _Run(compose, relay, journal, pace, clock or Clock(), progress)
    try:
        run.all(members)
    except SmtpError as e:
        run.tally.stopped = str(e)
        run.tally.not_reached = [m.address for _, _, m in sorted(run.queue, key=lambda e: e[1])]
    finally:
        relay.close()
    return run.tally


@dataclass
class _Run:
    compose: Compose
    relay: Relay
    journal: Journal
    pace: Pace
    clock: Clock
    progress: Progress | None
    tally: Tally = field(default_factory=Tally)
    queue: list[tuple[float, int, Member]] = field(default_factory=list)
    tries: dict[str, int] = field(default_factory=dict)
    outage: int = 0  # connections refused in a row
    next_slot: float = 0.0

    def all(self, members: list[Member]) -> None:
        """Work through the queue, soonest first, until every member has an outcome."""
        start = self.clock.now()
        self.queue = [(start, order, member) for order, member in enumerate(members)]
        heapq.heapify(self.queue)
        while self.queue:
            ready, order, member = self.queue[0]
            self._wait_until(max(ready, self.next_slot))
            if self.pace.rate:
                self.next_slot = self.clock.now() + 1 / self.pace.rate
            data = self.compose(member)
            started = False

            def at_end(key: str = member.key) -> None:
                nonlocal started
                self.journal.move(key, "ready", "", attempt=True)  # fsync'd: see journal.py
                self.journal.move(key, "sending", "")
                started = True

            try:
                result = self.relay.deliver(member.address, data, at_end)
            except Unavailable as e:
                self._outage(str(e))
                continue
            self.outage = 0
            heapq.heappop(self.queue)
            self._record(member, order, result, attempt=not started)
            if self.progress:
                self.progress(member, result)

    def _record(self, member: Member, order: int, result: TransactionResult, attempt: bool) -> None:
        """Write the outcome to the journal and the tally; queue a retry if there is one to come."""
        key, reply, outcome = member.key, result.reply, result.outcome
        if outcome is TransactionOutcome.ACCEPTED:
            self.journal.move(key, "sent", reply, attempt=attempt)
            self.tally.sent.append(member.address)
            return
        # See journal.py: an unconfirmed copy is left in `sending`, never resent here.
        if outcome is TransactionOutcome.UNCONFIRMED:
            self.journal.note(key, reply)
            self.tally.unconfirmed.append((member.address, reply))
            return
        tries = self.tries[key] = self.tries.get(key, 0) + 1
        if outcome is TransactionOutcome.REFUSED or tries > self.pace.retries:
            self.journal.move(key, "failed", reply, attempt=attempt)
            self.tally.failed.append((member.address, reply))
            return
        self.journal.move(key, "pending", reply, attempt=attempt)
        heapq.heappush(self.queue, (self.clock.now() + self._delay(tries), order, member))

    def _outage(self, reason: str) -> None:
        """Wait before connecting again, or give up once the retries are spent.

        A relay never reached in this run is most likely misconfigured: give up at once.
        """
        self.outage += 1
        if not self.relay.connections:
            raise SmtpError(reason)
        if self.outage > self.pace.retries:
            raise SmtpError(f"{reason}; gave up after {self.outage} tries")
        self._wait_until(self.clock.now() + self._delay(self.outage))

    def _delay(self, tries: int) -> float:
        return float(self.pace.retry_delay * 2 ** (tries - 1))

    def _wait_until(self, when: float) -> None:
        pause = when - self.clock.now()
        if pause > 0:
            self.clock.sleep(pause)
