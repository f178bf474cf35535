"""Find the items listed more than once: pages of two years often repeat a story.

Two items are one when their titles match (ignoring case, spacing and
punctuation), they have the same Update number (or series and number, or
date), and their text is the same or nearly so: one copy cut shorter (the
full stop where it ends perhaps a comma in the longer), or a typo fixed.
The fuller copy is kept; the other is dropped, and said so.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from psgnews.legacy import repair
from psgnews.legacy.listing import Item

SIMILAR = 0.8  # of words in common: a corrected copy, not another story under the same title
SHOWN = 3  # differences named in the report; the rest are counted


@dataclass
class Repeats:
    """The items to import, those dropped as copies, and what to say about them."""

    kept: list[Item] = field(default_factory=list)
    dropped: dict[int, Item] = field(default_factory=dict)  # id of a copy: the item kept
    notes: list[str] = field(default_factory=list)


def without_repeats(items: list[Item]) -> Repeats:
    """Return `items` with each item listed twice kept once, in the order first listed."""
    found = Repeats()
    seen: dict[tuple[object, ...], list[int]] = {}  # key: indexes into found.kept
    for item in items:
        same = seen.setdefault(_key(item), [])
        match = next((i for i in same if _similar(found.kept[i], item)), None)
        if match is None:
            same.append(len(found.kept))
            found.kept.append(item)
            continue
        first = found.kept[match]
        if _words(first) == _words(item) and first.title == item.title:
            found.notes.append(f"{_at(item)}: the same item as {_at(first)}; imported once")
            found.dropped[id(item)] = first
            _merge(first, item)
            continue
        kept, copy = (item, first) if _size(item) > _size(first) else (first, item)
        found.kept[match] = kept
        found.dropped[id(copy)] = kept
        for dropped, by in list(found.dropped.items()):
            if by is copy:
                found.dropped[dropped] = kept
        found.notes.append(_difference(kept, copy))
        _merge(kept, copy)
    return found


def _merge(kept: Item, copy: Item) -> None:
    """Give `kept` what only its copy has: tags, and a body from an article page or export."""
    kept.tags = tuple(dict.fromkeys(kept.tags + copy.tags))
    if kept.body is None and copy.body is not None:
        kept.body = copy.body


def _key(item: Item) -> tuple[object, ...]:
    title = item.plain_title
    if item.number is not None:
        return (title, item.series, item.number)
    return (title, item.date, item.months)


def _words(item: Item) -> list[str]:
    return [word for block in item.blocks for word in block.text.split()]


def _size(item: Item) -> int:
    return sum(len(block.text) for block in item.blocks)


def _cut_from(longer: list[str], shorter: list[str]) -> bool:
    """Return whether `shorter` is `longer` cut short, a stop where it was cut a comma or so."""
    start = longer[: len(shorter)]
    return start == shorter or [_bare(w) for w in start] == [_bare(w) for w in shorter]


def _bare(word: str) -> str:
    return word.rstrip(".,;:")


def _similar(first: Item, item: Item) -> bool:
    """Return whether the text of two items with one title is the same story."""
    a, b = _words(first), _words(item)
    shorter, longer = sorted((a, b), key=len)
    if _cut_from(longer, shorter):
        return True  # one copy cut shorter
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


def _difference(kept: Item, copy: Item) -> str:
    """Return the note saying two copies differ, where, and which was kept."""
    said = [f'title "{copy.title}" → "{kept.title}"'] if kept.title != copy.title else []
    kept_words, copy_words = _words(kept), _words(copy)
    if _cut_from(kept_words, copy_words):
        start = kept_words[: len(copy_words)]
        said += [f'"{c}" → "{k}"' for c, k in zip(copy_words, start, strict=True) if c != k]
        rest = " ".join(kept_words[len(copy_words) :])
        said.append(f'the copy is cut short; the kept text goes on "{_cut(rest)}"' if rest else "")
    else:
        changes = repair.changes(" ".join(copy_words), " ".join(kept_words))
        said += [f'"{_cut(c.before)}" → "{_cut(c.after)}"' for c in changes[:SHOWN]]
        if len(changes) > SHOWN:
            said.append(f"and {len(changes) - SHOWN} more")
    shown = "; ".join(s for s in said if s) or "the same words, in other paragraphs"
    return (
        f"{_at(copy)}: the same item as {_at(kept)}, with different text; kept the fuller"
        f" text, {_at(kept)} ({shown})"
    )


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _at(item: Item) -> str:
    return f"{item.source}:{item.line}"
