"""`psgnews import`: plan the files an old news listing becomes, then write them.

Reading and planning come first and touch nothing; only then is each file
written, atomically, and only if no line of any listing was left not understood.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psgnews.content import yamlread
from psgnews.content.names import article_name
from psgnews.content.schema import ArticleSpec, IssueSpec, StandingSpec, validate
from psgnews.legacy import imported, repair, yamlfiles
from psgnews.legacy.listing import Item, Listing, Unread, read_listing
from psgnews.legacy.report import ImportResult
from psgnews.project import BRIEFINGS, ISSUE, STANDING, Root


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

    def count(self, kind: str) -> int:
        """Return how many files of `kind` the plan has."""
        return sum(t.kind == kind for t in self.targets)


def plan_import(root: Root, files: Iterable[Path], *, fix: bool = True) -> Plan:
    """Return the plan for importing the listings `files` into `root`."""
    plan = Plan()
    listings = [read_listing(path, str(path)) for path in files]
    items: list[tuple[Item, list[repair.Repair]]] = []
    for listing in listings:
        plan.unread.extend(listing.unread)
        plan.notes.extend(listing.notes + _link_notes(listing))
        readable = [item for item in listing.items if item.readable]
        items.extend((item, _repair(item) if fix else []) for item in readable)
    changes = {id(item): found for item, found in items}
    kept = _unique(plan, [item for item, _ in items])
    section = root.config.sections[0]
    _plan_issues(root, plan, [i for i in kept if i.number is not None], section)
    _plan_briefings(plan, [i for i in kept if i.number is None and i.date is not None], section)
    _plan_standing(plan, [i for i in kept if i.date is None])
    _check_targets(plan)
    for target in (t for t in plan.targets if t.kind != "issue"):
        for item in target.items:
            origin = f"{item.source}:{item.line}"
            plan.repairs.extend(Repaired(target.path, origin, c) for c in changes[id(item)])
    return plan


def _check_targets(plan: Plan) -> None:
    """Report as not understood any item whose file `psgnews check` would refuse."""
    models: dict[str, type[Any]] = {
        "issue": IssueSpec, "article": ArticleSpec, "briefing": ArticleSpec,
        "standing": StandingSpec,
    }  # fmt: skip
    for target in plan.targets:
        doc = yamlread.Document(f"issues/{target.path}")
        yamlread.parse_into(doc, target.content)
        validate(models[target.kind], doc)
        item = target.items[0]
        plan.unread.extend(
            Unread(item.source, item.line, item.title, f"its {p.field or 'file'} {p.message}")
            for p in doc.problems
        )


def _repair(item: Item) -> list[repair.Repair]:
    """Repair `item`'s title and text in place; return each change made."""
    texts, found = repair.repair_all([item.title, *(b.text for b in item.blocks)])
    item.title, *rest = texts
    item.blocks[:] = [type(b)(b.number, b.kind, t) for b, t in zip(item.blocks, rest, strict=True)]
    return found


def _unique(plan: Plan, items: list[Item]) -> list[Item]:
    """Return `items` without repeats: a page of another year may list an item again."""
    seen: dict[tuple[object, ...], Item] = {}
    for item in items:
        key = (item.number, item.date, item.title, tuple((b.kind, b.text) for b in item.blocks))
        if key in seen:
            first = seen[key]
            plan.notes.append(
                f"{item.source}:{item.line}: the same item as {first.source}:{first.line};"
                " imported once"
            )
            continue
        seen[key] = item
    return list(seen.values())


def _plan_issues(root: Root, plan: Plan, items: list[Item], section: str) -> None:
    by_number: dict[int, list[Item]] = {}
    for item in items:
        by_number.setdefault(item.number or 0, []).append(item)
    for number, group in sorted(by_number.items()):
        group = [i for i in group if _has_summary(plan, i) and _same_date(plan, group[0], i)]
        if not group:
            continue
        slugs: list[str] = []
        for item in group:
            slug = _slug(plan, item, set(slugs))
            slugs.append(slug)
            content = yamlfiles.article(item, section)
            target = imported.Target(f"{number}/{slug}.yaml", content, "article", (item,))
            plan.targets.append(target)
        order = slugs + _others(root, plan, number, slugs)
        content = yamlfiles.issue(number, group[0].date or datetime.date.min, order)
        target = imported.Target(f"{number}/{ISSUE}", content, "issue", tuple(group))
        plan.targets.append(target)


def _plan_briefings(plan: Plan, items: list[Item], section: str) -> None:
    taken: dict[datetime.date | None, set[str]] = {}
    for item in items:
        if not _has_summary(plan, item):
            continue
        slug = _slug(plan, item, taken.setdefault(item.date, set()))
        taken[item.date].add(slug)
        path = f"{BRIEFINGS}/{item.date}-{slug}.yaml"
        content = yamlfiles.article(item, section, item.date)
        plan.targets.append(imported.Target(path, content, "briefing", (item,)))
        plan.notes.append(
            f"{item.source}:{item.line}: briefing (dated {item.date}, no Update number):"
            f" issues/{path}"
        )


def _plan_standing(plan: Plan, items: list[Item]) -> None:
    slugs: dict[str, Item] = {}
    for item in items:
        if not item.blocks:
            plan.unread.append(Unread(item.source, item.line, item.title, "an item with no text"))
            continue
        slug = _slug(plan, item, set(slugs))
        slugs[slug] = item
        content = yamlfiles.standing(item)
        path = f"{STANDING}/{slug}.yaml"
        plan.targets.append(imported.Target(path, content, "standing", (item,)))


def _slug(plan: Plan, item: Item, taken: set[str]) -> str:
    """Return the file name for `item`, noting when another item already has its title's."""
    slug = article_name(item.title, taken)
    if slug != article_name(item.title):
        plan.notes.append(
            f"{item.source}:{item.line}: another item here has the name {article_name(item.title)};"
            f" this one is {slug}"
        )
    return slug


def _has_summary(plan: Plan, item: Item) -> bool:
    if item.blocks and item.blocks[0].kind == "text":
        return True
    why = "an item with no summary paragraph after its date"
    plan.unread.append(Unread(item.source, item.line, item.title, why))
    return False


def _same_date(plan: Plan, first: Item, item: Item) -> bool:
    if item.date == first.date:
        return True
    why = f"Update {item.number} is dated {first.date} at {first.source}:{first.line}"
    plan.unread.append(Unread(item.source, item.line, item.title, why))
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


def _link_notes(listing: Listing) -> list[str]:
    return [
        f'{listing.source}:{link.line}: link to {link.href} kept as its text only ("{link.text}")'
        for link in listing.links
    ]


def run_import(
    root: Root, files: Iterable[Path], *, dry_run: bool, force: bool, fix: bool
) -> ImportResult:
    """Import the listings `files` into `root`; write nothing on a dry run or an unread line."""
    plan = plan_import(root, files, fix=fix)
    issues = root.path / "issues"
    record = imported.read_record(issues)
    actions = [imported.decide(issues, t, record.get(t.path), force=force) for t in plan.targets]
    # Everything is read and decided; from here on, files are written.
    written = [] if dry_run or plan.unread else imported.apply(issues, actions, record)
    return ImportResult(plan, actions, written, dry_run)
