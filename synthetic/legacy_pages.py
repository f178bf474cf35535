"""Generate old news listing pages of every shape `psgnews import` reads, with the expected result.

Deterministic for a seed: text and HTML pages mixing the seed's shape (title,
"Update N. date", summary) with the later ones (the date first, or on the
title's line; a picture caption before the title; another numbered series;
months and spans of months; bare-date briefings), page furniture (pagination,
"Page k of n", footers, menus), and items listed again on another page:
exactly, cut shorter, or with a typo. `files` is what the import must plan,
file by file, as parsed YAML; `lines` what each line of each page must become.

    .venv/bin/python -m synthetic.legacy_pages OUT [ITEMS]   # write the pages to OUT/
"""

from __future__ import annotations

import datetime
import random
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from psgnews.content.dates import MONTHS, Dateline, long_date
from psgnews.core.names import article_name, slugify
from synthetic.legacy_render import Element, Furniture, Piece, render_html, render_text
from synthetic.legacy_words import (
    AIMS,
    CAPTIONS,
    MONTH_FORMS,
    OUTCOMES,
    PLACES,
    SENTENCES,
    SERIES,
    SHAPES,
    SUBJECTS,
    WHY,
)  # fmt: skip


@dataclass(frozen=True)
class ExpectedItem:
    """What one item of the pages must become."""

    kind: str  # article, briefing, series or standing
    path: str  # under issues/
    title: str
    number: int | None
    series: str | None
    date: str | None  # as Dateline.iso
    summary: str | None


@dataclass
class Generated:
    """The pages, and everything the import of them must give."""

    pages: dict[str, str] = field(default_factory=dict)  # file name: its text
    items: list[ExpectedItem] = field(default_factory=list)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # path: parsed YAML
    lines: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)  # became, file

    def write(self, folder: Path) -> list[Path]:
        """Write the pages into `folder`; return their paths, in import order."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in self.pages.items():
            (folder / name).write_text(text, encoding="utf-8")
        return [folder / name for name in self.pages]


class _Maker:
    """Draws items one at a time, each with its piece and its expected file."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.issue, self.issue_left = 99, 0
        self.issue_day = datetime.date(2003, 1, 31)
        self.issue_head = ""
        self.issue_dates: dict[int, Dateline] = {}
        self.issue_heads: dict[int, str] = {}  # each Update's date as its pages write it
        self.series = dict.fromkeys(SERIES, 0)
        self.series_day: dict[str, datetime.date] = {}
        self.generated = Generated()

    def title(self) -> str:
        """Return a headline whose file name no other item has."""
        while True:
            place, subject = self.rng.choice(PLACES), self.rng.choice(SUBJECTS)
            outcome = self.rng.choice(OUTCOMES)
            title = self.rng.choice(
                [f"{place}: {subject} {outcome}", f"{subject} in {place} {outcome}"]
            )
            if article_name(title) not in self.names:
                self.names.add(article_name(title))
                return title

    def text(self, sentences: int) -> str:
        place, subject = self.rng.choice(PLACES), self.rng.choice(SUBJECTS).lower()
        chosen = self.rng.sample(SENTENCES, sentences)
        return " ".join(s.format(place=place, subject=subject) for s in chosen)

    def next_issue(self) -> tuple[int, Dateline, str]:
        """Return the Update the next article is in: a new one every few articles."""
        if self.issue_left == 0:
            self.issue, self.issue_left = self.issue + 1, self.rng.randint(3, 8)
            self.issue_day += datetime.timedelta(days=self.rng.randint(62, 92))
            self.issue_head, date = self.dateline_of(self.issue_day)
            self.issue_dates[self.issue] = date
            self.issue_heads[self.issue] = self.issue_head
        self.issue_left -= 1
        date = self.issue_dates[self.issue]
        return self.issue, date, f"Update {self.issue}. {self.issue_head}"

    def dateline_of(self, day: datetime.date) -> tuple[str, Dateline]:
        """Return an issue's date as the page writes it (a day, a month, two months), and it."""
        if self.rng.random() < 0.7:
            short = f"{day.day} {MONTHS[day.month - 1][:3]}. {day.year}"
            return self.rng.choice([long_date(day), short]), Dateline(day)
        first = day.replace(day=1)
        nxt = (first + datetime.timedelta(days=32)).replace(day=1)
        form = self.rng.choice(MONTH_FORMS)
        if form == "{a} {y}":
            return form.format(a=MONTHS[day.month - 1], y=day.year), Dateline(first, 1)
        if day.month == 12:
            return f"Dec {day.year} / Jan {nxt.year}", Dateline(first, 2)
        written = form.format(a=MONTHS[day.month - 1], b=MONTHS[nxt.month - 1], y=day.year)
        return written, Dateline(first, 2)

    def day(self) -> datetime.date:
        first = datetime.date(2011, 1, 1).toordinal()
        return datetime.date.fromordinal(self.rng.randint(first, first + 8 * 365))

    def item(self) -> Piece:
        """Return the next item, and record the file it must become."""
        shape = self.rng.choices([s for s, _ in SHAPES], [w for _, w in SHAPES])[0]
        title, summary = self.title(), self.text(self.rng.randint(1, 3))
        paragraphs = (self.text(1),) if self.rng.random() < 0.4 else ()
        entries = tuple(self.text(1) for _ in range(self.rng.randint(2, 3)))
        entries = entries if self.rng.random() < 0.1 else ()
        piece = Piece(
            "", "seed", title, "", summary, paragraphs, entries, wrap=self.rng.random() < 0.5
        )
        if shape in ("seed", "caption"):
            number, date, head = self.next_issue()
            piece = replace(piece, head=head, path=f"{number}/{article_name(title)}.yaml")
            data: dict[str, Any] = {"title": title, "section": "News", "summary": summary}
            self.add(
                ExpectedItem("article", piece.path, title, number, None, date.iso, summary),
                data,
                piece,
            )
            if shape == "caption":
                caption = self.rng.choice(CAPTIONS).format(place=self.rng.choice(PLACES))
                piece = replace(piece, caption=caption)
            return piece
        if shape == "series":
            return self.series_item(piece)
        day = self.day()
        head = long_date(day)
        separator = self.rng.choice([". ", ": ", " – ", ", "])
        shape = "seed" if shape == "bare-date" else shape
        piece = replace(piece, shape=shape, head=head, separator=separator)
        piece = replace(piece, path=f"_briefings/{day}-{article_name(title)}.yaml")
        data = {"title": title, "section": "News", "date": day, "summary": summary}
        self.add(
            ExpectedItem("briefing", piece.path, title, None, None, day.isoformat(), summary),
            data,
            piece,
        )
        return piece

    def series_item(self, piece: Piece) -> Piece:
        """Return `piece` as an item of another numbered series ("Peru News 065. 31 May 2011")."""
        series = self.rng.choice(SERIES)
        if self.series[series] == 0 or self.rng.random() < 0.5:
            self.series[series] += 1
            self.series_day[series] = self.day()
        number, day = self.series[series], self.series_day[series]
        shown = f"{number:03d}" if self.rng.random() < 0.7 else str(number)
        path = f"_series/{slugify(series)}/{number:03d}-{article_name(piece.title)}.yaml"
        piece = replace(piece, head=f"{series} {shown}. {long_date(day)}", path=path)
        date = Dateline(day)
        data = {"series": series, "number": number, "date": date.first, "title": piece.title,
                "section": "News", "summary": piece.summary}  # fmt: skip
        if shown != str(number):
            data["number_written"] = shown
        expected = ExpectedItem(
            "series", path, piece.title, number, series, date.iso, piece.summary
        )
        self.add(expected, data, piece)
        return piece

    def add(self, expected: ExpectedItem, data: dict[str, Any], piece: Piece) -> None:
        body = _body(piece.paragraphs, piece.entries)
        self.generated.items.append(expected)
        self.generated.files[expected.path] = {**data, **({"body": body} if body else {})}


def generate(seed: int = 12, items: int = 1000, per_page: int = 40) -> Generated:
    """Return `items` items on pages of `per_page`, text and HTML, with their expected import."""
    maker = _Maker(seed)
    rng = maker.rng
    pieces = [maker.item() for _ in range(items)]
    pages: list[list[Piece]] = [pieces[i : i + per_page] for i in range(0, items, per_page)]
    aims = Piece("_standing/psg-aims.yaml", "seed", "PSG Aims", "", "", (AIMS,))
    why = Piece("_standing/why-join-the-psg.yaml", "seed", "Why join the PSG?", "", "", (), WHY)
    maker.generated.files[aims.path] = {"title": aims.title, "body": AIMS + "\n"}
    maker.generated.files[why.path] = {"title": why.title, "body": _body((), WHY)}
    maker.generated.items += [
        ExpectedItem("standing", p.path, p.title, None, None, None, None) for p in (aims, why)
    ]
    pages[0].append(aims)
    pages[-1] += [replace(aims), why]  # listed again: the import keeps the first
    copies = _copies(rng, pages, pieces)
    layout = [_with_furniture(rng, page, index, len(pages)) for index, page in enumerate(pages)]
    dropped = _dropped(layout, copies)
    for index, elements in enumerate(layout):
        marked: list[Element] = [
            e if isinstance(e, Furniture) else (e, id(e) in dropped) for e in elements
        ]
        html = index % 2 == 1
        name = f"news-{index + 1:03d}.{'html' if html else 'txt'}"
        if html:
            text, rows = render_html(marked, implied_ends=index % 4 == 3)
        else:
            text, rows = render_text(marked)
        maker.generated.pages[name] = text
        maker.generated.lines.update({(name, line): (became, file) for line, became, file in rows})
    _issues(maker.generated, layout, maker.issue_dates, maker.issue_heads)
    _places(maker.generated, layout)
    return maker.generated


def _copies(rng: random.Random, pages: list[list[Piece]], pieces: list[Piece]) -> dict[int, str]:
    """Put a copy of some items on another page; return each copy's id and how it differs."""
    copies: dict[int, str] = {}
    for piece in rng.sample(pieces, len(pieces) // 25):
        variant = rng.choice(["exact", "cut", "typo"])
        copy = _varied(piece, variant)
        if copy is None:
            variant, copy = "exact", replace(piece)
        home = next(i for i, page in enumerate(pages) if any(p is piece for p in page))
        page = rng.choice([i for i in range(len(pages)) if i != home] or [home])
        pages[page].insert(rng.randint(0, len(pages[page])), copy)
        copies[id(copy)] = variant
    return copies


def _varied(piece: Piece, variant: str) -> Piece | None:
    """Return a copy of `piece` cut shorter or with a typo, or None if it cannot be."""
    if variant == "cut" and (piece.paragraphs or piece.entries):
        title = " ".join(w[:1].upper() + w[1:] for w in piece.title.split(" "))
        return replace(piece, title=title, paragraphs=(), entries=())
    words = piece.summary.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isascii() and w.isalpha()]
    if variant == "typo" and long:
        i = long[0]
        words[i] = words[i][:2] + words[i][3:]
        return replace(piece, summary=" ".join(words))
    return None


def _with_furniture(rng: random.Random, page: list[Piece], index: int, pages: int) -> list[Any]:
    """Return the page's items with the site's furniture at its top, middle and foot."""
    elements: list[Any] = list(page)
    if rng.random() < 0.5:
        elements.insert(rng.randint(1, len(elements)), Furniture("middle", index + 1, pages))
    if rng.random() < 0.7:
        elements.insert(0, Furniture("top", index + 1, pages))
    return [*elements, Furniture("footer", index + 1, pages)]


def _dropped(layout: list[list[Any]], copies: dict[int, str]) -> set[int]:
    """Return the ids of the pieces the import must drop: copies, and exact repeats listed later."""
    dropped: set[int] = set()
    seen: dict[tuple[str, str], Piece] = {}
    for element in (e for page in layout for e in page if isinstance(e, Piece)):
        key = (element.path, element.title.casefold())
        first = seen.setdefault(key, element)
        if first is element:
            continue
        exact = copies.get(id(element), copies.get(id(first))) == "exact"
        if exact or element.path.startswith("_standing/"):
            dropped.add(id(element))
        else:
            dropped.add(id(element) if id(element) in copies else id(first))
    return dropped


def _places(generated: Generated, layout: list[list[Any]]) -> None:
    """Number the news items of each day that has two or more, in the order first listed."""
    days: dict[datetime.date, list[str]] = {}
    for piece in (e for page in layout for e in page if isinstance(e, Piece)):
        if piece.path.startswith("_") and not piece.path.startswith("_standing/"):
            paths = days.setdefault(generated.files[piece.path]["date"], [])
            if piece.path not in paths:
                paths.append(piece.path)
    for paths in (paths for paths in days.values() if len(paths) > 1):
        for place, path in enumerate(paths, start=1):
            generated.files[path]["place"] = place


def _issues(
    generated: Generated,
    layout: list[list[Any]],
    dates: dict[int, Dateline],
    heads: dict[int, str],
) -> None:
    """Add each Update's issue.yaml: its date, and its articles in the order first listed."""
    orders: dict[int, list[str]] = {}
    for piece in (e for page in layout for e in page if isinstance(e, Piece)):
        number = piece.path.split("/")[0]
        if number.isdigit():
            name = piece.path.split("/")[1].removesuffix(".yaml")
            order = orders.setdefault(int(number), [])
            if name not in order:
                order.append(name)
    for issue, order in orders.items():
        date = dates[issue]
        written = date.first if date.months == 0 else date.iso
        data: dict[str, Any] = {"number": issue, "date": written, "order": order}
        if heads[issue] != date.text:
            data["date_written"] = heads[issue]
        generated.files[f"{issue}/issue.yaml"] = data


def _body(paragraphs: tuple[str, ...], entries: tuple[str, ...]) -> str:
    """Return an item's body as the import writes it: paragraphs, then its list, as Markdown."""
    parts = [*paragraphs, *(["\n".join(f"- {e}" for e in entries)] if entries else [])]
    return "\n\n".join(parts) + "\n" if parts else ""


def main(folder: Path, items: int) -> None:
    generated = generate(items=items)
    paths = generated.write(folder)
    kinds = [item.kind for item in generated.items]
    counts = ", ".join(f"{kinds.count(k)} {k}" for k in dict.fromkeys(kinds))
    print(f"{len(paths)} pages, {len(generated.items)} items ({counts}) in {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
