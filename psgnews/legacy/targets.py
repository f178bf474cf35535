"""Decide the file each item of a listing becomes, by what its dateline says.

- an Update number: an article of issues/<N>/, and the issue's issue.yaml;
- another series' number: issues/_series/<series>/<NNN>-<name>.yaml;
- a day but no number: a briefing, issues/_briefings/<date>-<name>.yaml;
- neither: a standing piece, but only one already known by its title.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from psgnews.content import yamlread
from psgnews.content.project import Root
from psgnews.core.names import article_name, slugify
from psgnews.core.paths import BRIEFINGS, ISSUE, SERIES, STANDING
from psgnews.legacy import imported, repair, yamlfiles
from psgnews.legacy.account import Entry
from psgnews.legacy.listing import Item, Unread, plain
from psgnews.legacy.mirror import Skipped

K = TypeVar("K", int, tuple[str, int])


@dataclass(frozen=True)
class Repaired:
    """One repair made to an item's text, and the file it went to."""

    path: str
    origin: str
    change: repair.Repair

    def __str__(self) -> str:
        change = f"{self.change.before} → {self.change.after}"
        return f"repaired issues/{self.path} ({self.origin}): {change}"


@dataclass
class Plan:
    """The files a listing becomes, and everything to report about them."""

    targets: list[imported.Target] = field(default_factory=list)
    repairs: list[Repaired] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fates: dict[int, str] = field(default_factory=dict)  # id of an item not imported: why
    account: list[Entry] = field(default_factory=list)  # what each line of each page became
    skipped: list[Skipped] = field(default_factory=list)  # the files of a mirror not read

    def count(self, kind: str) -> int:
        """Return how many files of `kind` the plan has."""
        return sum(t.kind == kind for t in self.targets)

    @property
    def dropped(self) -> int:
        """Return how many lines of the pages were dropped (furniture, captions, copies)."""
        return sum(entry.became.endswith("(dropped)") for entry in self.account)

    def refuse(self, item: Item, why: str) -> None:
        """Report `item` as not understood, and import nothing of it."""
        self.unread.append(Unread(item.source, item.line, item.title, why))
        self.fates[id(item)] = f"not understood: {why}"


def plan_issues(root: Root, plan: Plan, items: list[Item], section: str) -> None:
    """Plan an article file for each item of an Update, and each issue's issue.yaml."""
    for number, group in _grouped(plan, items, lambda i: i.number or 0).items():
        slugs: list[str] = []
        for item in group:
            slugs.append(_slug(plan, item, set(slugs)))
            data = yamlfiles.article(item, section)
            plan.targets.append(
                imported.Target.dumped(f"{number}/{slugs[-1]}.yaml", data, "article", (item,))
            )
            plan.targets += _images(item)
        order = slugs + _others(root, plan, number, slugs)
        data = yamlfiles.issue(number, group[0].dateline, order, group[0].written[0])
        plan.targets.append(
            imported.Target.dumped(f"{number}/{ISSUE}", data, "issue", tuple(group))
        )


def plan_series(plan: Plan, items: list[Item], section: str) -> None:
    """Plan a file for each item of another numbered series, apart from the Updates."""
    for (series, number), group in _grouped(plan, items, _series_key).items():
        taken: set[str] = set()
        for item in group:
            slug = _slug(plan, item, taken)
            taken.add(slug)
            path = f"{SERIES}/{series}/{number:03d}-{slug}.yaml"
            data = yamlfiles.series_item(item, section)
            plan.targets.append(imported.Target.dumped(path, data, "series", (item,)))
            plan.targets += _images(item)


def plan_briefings(plan: Plan, items: list[Item], section: str) -> None:
    """Plan a briefing for each item dated by day without a number."""
    taken: dict[object, set[str]] = {}
    for item in items:
        if item.months:
            when = item.dateline.text if item.dateline else ""
            plan.refuse(item, f"a briefing needs a day; this item has no number and only {when}")
            continue
        if not _has_summary(plan, item):
            continue
        slug = _slug(plan, item, taken.setdefault(item.date, set()))
        taken[item.date].add(slug)
        path = f"{BRIEFINGS}/{item.date}-{slug}.yaml"
        data = yamlfiles.article(item, section, item.date)
        plan.targets.append(imported.Target.dumped(path, data, "briefing", (item,)))
        plan.targets += _images(item)
        plan.notes.append(
            f"{item.source}:{item.line}: briefing (dated {item.date}, no Update number):"
            f" issues/{path}"
        )


def plan_standing(root: Root, plan: Plan, items: list[Item]) -> None:
    """Plan a standing piece for each item with no date whose title is a known one."""
    titles, names = known_standing(root)
    taken: set[str] = set()
    for item in items:
        slug = slugify(item.title)
        name = titles.get(item.plain_title) or (slug if slug in names else None)
        if name is None:
            plan.refuse(
                item,
                "neither a number nor a date, and not a known standing piece (no file of"
                " issues/_standing/ has this title; psgnews.yaml's standing: does not name it)",
            )
        elif not item.blocks:
            plan.refuse(item, "an item with no text")
        else:
            slug = slugify(name, taken)
            taken.add(slug)
            data = yamlfiles.standing(item)
            path = f"{STANDING}/{slug}.yaml"
            plan.targets.append(imported.Target.dumped(path, data, "standing", (item,)))


def known_standing(root: Root) -> tuple[dict[str, str], frozenset[str]]:
    """Return the titles of issues/_standing/ (as `plain` gives them, each with its file's
    name), and the names psgnews.yaml's `standing:` gives."""
    titles: dict[str, str] = {}
    for path in sorted((root.path / "issues" / STANDING).glob("*.yaml")):
        doc = yamlread.read(path, f"issues/{STANDING}/{path.name}")
        title = doc.data.get("title") if isinstance(doc.data, dict) else None
        if isinstance(title, str):
            titles.setdefault(plain(title), path.stem)
    return titles, frozenset(root.config.standing)


def _images(item: Item) -> list[imported.Target]:
    """Return the image files copied for `item`, each by its path under issues/."""
    return [imported.Target(path, "", "image", (item,), raw=raw) for path, _, raw in item.images]


def _series_key(item: Item) -> tuple[str, int]:
    return slugify(item.series or ""), item.number or 0


def _grouped(plan: Plan, items: list[Item], key: Callable[[Item], K]) -> dict[K, list[Item]]:
    """Return `items` grouped by `key`, without those with no summary or another date."""
    groups: dict[K, list[Item]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    kept: dict[K, list[Item]] = {}
    for value, group in sorted(groups.items()):
        group = [i for i in group if _has_summary(plan, i) and _same_date(plan, group[0], i)]
        if group:
            kept[value] = group
    return kept


def _slug(plan: Plan, item: Item, taken: set[str]) -> str:
    """Return the file name for `item`, noting when another item already has its title's."""
    name = article_name(item.title)  # once: most names are not taken
    if name not in taken:
        return name
    slug = article_name(item.title, taken)
    plan.notes.append(
        f"{item.source}:{item.line}: another item here has the name {name}; this one is {slug}"
    )
    return slug


def _has_summary(plan: Plan, item: Item) -> bool:
    if item.blocks and item.blocks[0].kind == "text":
        return True
    plan.refuse(item, "an item with no summary paragraph after its date")
    return False


def _same_date(plan: Plan, first: Item, item: Item) -> bool:
    if item.dateline == first.dateline:
        return True
    name = f"{item.series or 'Update'} {item.number}"
    iso = first.dateline.iso if first.dateline else ""
    plan.refuse(item, f"{name} is dated {iso} at {first.source}:{first.line}")
    return False


def _others(root: Root, plan: Plan, number: int, slugs: list[str]) -> list[str]:
    """Return the issue's article files this import does not write, to keep them in order:."""
    folder = root.path / "issues" / str(number)
    existing = sorted(p.stem for p in folder.glob("*.yaml") if p.name != ISSUE)
    listed = imported.current_order(folder / ISSUE)
    others = [s for s in listed if s in existing] + [s for s in existing if s not in listed]
    others = [s for s in dict.fromkeys(others) if s not in slugs]
    plan.notes.extend(
        f"issues/{number}/{s}.yaml is not in this import; kept at the end of order:" for s in others
    )
    return others
