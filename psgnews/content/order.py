"""The running order of an issue's articles: a pure function of names and sections."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OrderProblems:
    """What is wrong with an explicit `order:`; each entry is (index in order or None, name)."""

    missing: list[str] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    repeated: list[tuple[int, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.unknown or self.repeated)


def running_order(
    sections: Mapping[str, str], section_order: Sequence[str], order: Sequence[str] | None
) -> tuple[list[str], OrderProblems]:
    """Return the article names in running order, and what is wrong with `order`.

    `sections` maps each article name to its section. Without an explicit
    `order`, articles follow `section_order`, then their names.
    """
    if order is None:
        rank = {name: i for i, name in enumerate(section_order)}
        key = lambda name: (rank.get(sections[name], len(rank)), sections[name], name)  # noqa: E731
        return sorted(sections, key=key), OrderProblems()
    return list(order), check_order(sections, order)


def check_order(sections: Mapping[str, str], order: Sequence[str]) -> OrderProblems:
    """Return every name `order` misses, does not know, or repeats."""
    problems = OrderProblems()
    seen: Counter[str] = Counter()
    for index, name in enumerate(order):
        seen[name] += 1
        if name not in sections:
            problems.unknown.append((index, name))
        elif seen[name] > 1:
            problems.repeated.append((index, name))
    problems.missing.extend(sorted(name for name in sections if name not in seen))
    return problems
