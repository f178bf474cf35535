"""`psgnews import`: plan the files an old news listing becomes, then write them.

Reading and planning come first and touch nothing; then the account of every
line is written if asked for (`--report`); only then is each file written,
atomically, and only if no line of any listing was left not understood.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from psgnews.content import schema, yamlread
from psgnews.content.dates import Dateline, parse_dateline
from psgnews.content.project import Root
from psgnews.content.schema import ArticleSpec, IssueSpec, SeriesItemSpec, StandingSpec, validate
from psgnews.core.errors import ImportFailedError
from psgnews.core.paths import ISSUE
from psgnews.core.write import write_one
from psgnews.legacy import account, imported, joined, mirror, repair, targets
from psgnews.legacy.duplicates import without_repeats
from psgnews.legacy.listing import Item, Listing
from psgnews.legacy.report import ImportResult
from psgnews.legacy.targets import Plan, Repaired

__all__ = ["Plan", "Repaired", "plan_import", "run_import"]
Repairs = list[tuple[str, repair.Repair]]  # each change made to an item, and where it was read
MODELS: dict[str, type[Any]] = {
    "issue": IssueSpec, "article": ArticleSpec, "briefing": ArticleSpec,
    "series": SeriesItemSpec, "standing": StandingSpec,
}  # fmt: skip


def plan_import(root: Root, files: Iterable[Path], *, fix: bool = True) -> Plan:
    """Return the plan for importing the listings `files` (or mirrors, if folders) into `root`."""
    plan = Plan()
    found = mirror.gather(list(files), root.config.newsletter)
    items = _read(root, plan, found, fix)
    changes = {id(item): found for item, found in items}
    read = [item for item, _ in items]
    repeats = without_repeats(read)
    plan.notes.extend(repeats.notes)
    plan.fates.update(dict.fromkeys(repeats.dropped, account.DUPLICATE))
    _place_news(repeats.kept)
    _plan_targets(root, plan, repeats.kept)
    _check_targets(plan)
    files_of = {
        id(item): f"issues/{target.path}"
        for target in plan.targets
        if target.kind not in ("issue", "image")
        for item in target.items
    }
    for copy, kept in repeats.dropped.items():
        files_of[copy] = files_of.get(id(kept), "")
    _account(plan, found, read, files_of)
    for target in (t for t in plan.targets if t.kind not in ("issue", "image")):
        for item in target.items:
            plan.repairs.extend(Repaired(target.path, at, c) for at, c in changes[id(item)])
    return plan


def _read(root: Root, plan: Plan, found: mirror.Found, fix: bool) -> list[tuple[Item, Repairs]]:
    """Return the items of the listings, article pages and exports `found`, with their repairs.

    Items are repaired once whole: a listing's item after its page has given it its body.
    """
    newsletter = root.config.newsletter
    items: list[Item] = []
    for listing in found.listings:
        plan.unread.extend(listing.unread)
        plan.notes.extend(listing.notes + _link_notes(listing))
        known = _updates(root, listing)
        for item in listing.items:
            if not item.readable:
                plan.fates[id(item)] = "not understood: in an item whose dateline was not read"
            elif item.bare and (item.number, item.dateline) not in known(item.number or 0):
                written = next(line.text for line, role in item.marks if role == "dateline")
                plan.refuse(
                    item,
                    f'a number with no series name ("{written}"), and no {newsletter}'
                    f" {item.number} of that date on the page or in the archive",
                )
            else:
                items.append(item)
    names = joined.ImageNames()
    items += joined.join(items, found.articles, plan.notes, names)
    for export in found.exports:
        plan.unread.extend(export.unread)
        plan.notes.extend(export.notes)
        joined.post_images(export, names, plan.notes)
        items += [item for item in export.items if item.readable]
    plan.notes.extend(note for page in found.articles for note in page.notes)
    return [(item, _repair(item) if fix else []) for item in items]


def _account(plan: Plan, found: mirror.Found, items: list[Item], files_of: dict[int, str]) -> None:
    """Account for every line of every page, and every file of a mirror, in `plan`."""
    copied = {
        file.resolve(): f"issues/{path}"
        for item in items
        if id(item) in files_of
        for path, file, _ in item.images
    }
    shown = {s.source: copied.get(Path(s.source).resolve(), "") for s in found.skipped}
    plan.skipped = [s for s in found.skipped if not shown[s.source]]
    plan.account = [
        *account.account(found.listings, files_of, plan.fates),
        *account.pages([item for item in items if item.page], files_of, plan.fates),
        *account.exports(found.exports, files_of, plan.fates),
        *(account.Entry(s.source, 0, f"skipped: {s.why}", "", "") for s in plan.skipped),
        *(account.Entry(p, 0, "image (copied)", file, "") for p, file in shown.items() if file),
    ]


def _updates(root: Root, listing: Listing) -> Callable[[int], set[tuple[int, Dateline]]]:
    """Return the Updates, by number and date, that the page or the archive has of a number."""
    page = {
        (i.number, i.dateline)
        for i in listing.items
        if i.number is not None and i.dateline is not None and i.series is None and not i.bare
    }

    def known(number: int) -> set[tuple[int, Dateline]]:
        path = root.path / "issues" / str(number) / ISSUE
        data = yamlread.read(path, f"issues/{number}/{ISSUE}").data if path.is_file() else None
        try:
            return page | {(number, parse_dateline(data["date"]))} if data else page
        except (TypeError, KeyError, ValueError):
            return page  # an issue.yaml `psgnews check` refuses dates nothing

    return known


def _place_news(kept: list[Item]) -> None:
    """Number the news items of each day in the order the pages gave them, where a day has two."""
    days: dict[Dateline, list[Item]] = {}
    for item in kept:
        if item.dateline is not None and (item.number is None or item.series is not None):
            days.setdefault(item.dateline, []).append(item)
    for items in (items for items in days.values() if len(items) > 1):
        for place, item in enumerate(items, start=1):
            item.place = place


def _plan_targets(root: Root, plan: Plan, kept: list[Item]) -> None:
    """Plan the file of each item, by what its dateline gave it."""
    section = root.config.sections[0]
    numbered = [i for i in kept if i.number is not None]
    targets.plan_issues(root, plan, [i for i in numbered if i.series is None], section)
    targets.plan_series(plan, [i for i in numbered if i.series is not None], section)
    targets.plan_briefings(plan, [i for i in kept if i.number is None and i.date], section)
    targets.plan_standing(root, plan, [i for i in kept if i.date is None])


def _check_targets(plan: Plan) -> None:
    """Report as not understood any item whose file `psgnews check` would refuse."""
    for target in plan.targets:
        if target.kind == "image" or _passes(target):
            continue
        doc = yamlread.Document(f"issues/{target.path}")
        yamlread.parse_into(doc, target.content)
        validate(MODELS[target.kind], doc)
        item = target.items[0]
        for problem in doc.problems:
            plan.refuse(item, f"its {problem.field or 'file'} {problem.message}")


def _passes(target: imported.Target) -> bool:
    """Return whether the data `target`'s file was dumped from passes its check.

    The dump of plain data reads back as that data (the import's tests check it
    file by file), so only a file that does not pass is read again, by yamlread,
    for the line and field of each problem.
    """
    if target.data is None:
        return False
    try:
        schema.adapter(MODELS[target.kind]).validate_python(dict(target.data))
    except ValueError:  # pydantic's ValidationError is a ValueError
        return False
    return True


def _repair(item: Item) -> Repairs:
    """Repair `item`'s title, text and full text in place; return each change, with its place.

    The full text (an article page's, a post's) is repaired by the same rules as the
    listing's text, its language decided with it, and reported at its page's line.
    """
    body = item.body or ""
    texts, found = repair.repair_all([item.title, *(b.text for b in item.blocks), body])
    item.title, *rest, fixed = texts
    item.blocks[:] = [
        type(b)(b.number, b.kind, t, b.sources) for b, t in zip(item.blocks, rest, strict=True)
    ]
    in_body = repair.changes(body, fixed) if fixed != body else []
    if item.body is not None:
        item.body = fixed
    origin = f"{item.source}:{item.line}"
    at = f"{item.page.source}:{item.page.line}" if item.page is not None else origin
    listed = found[: len(found) - len(in_body)]
    return [(origin, c) for c in listed] + [(at, c) for c in in_body]


def _link_notes(listing: Listing) -> list[str]:
    return [
        f'{listing.source}:{link.line}: link to {link.href} kept as its text only ("{link.text}")'
        for link in listing.links
    ]


def write_report(path: Path, plan: Plan) -> None:
    """Write the account of every line of the pages to `path`, as CSV."""
    try:
        write_one(path.parent, path.name, account.csv_text(plan.account).encode())
    except OSError as e:
        raise ImportFailedError(f"{path}: cannot write the report: {e.strerror}") from e


def run_import(
    root: Root,
    files: Iterable[Path],
    *,
    dry_run: bool,
    force: bool,
    fix: bool,
    report: Path | None = None,
) -> ImportResult:
    """Import the listings `files` into `root`; write nothing on a dry run or an unread line."""
    plan = plan_import(root, files, fix=fix)
    issues = root.path / "issues"
    record = imported.read_record(issues)
    actions = [imported.decide(issues, t, record.get(t.path), force=force) for t in plan.targets]
    # Everything is read and decided; from here on, files are written: the account first.
    if report is not None:
        write_report(report, plan)
    written = [] if dry_run or plan.unread else imported.apply(issues, actions, record)
    return ImportResult(plan, actions, written, dry_run)
