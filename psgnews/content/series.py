"""Items of the Group's other numbered series ("Peru News 065. 31 May 2011"), apart from Updates.

Each series has a folder, issues/_series/<series>/, named by `slugify` of its
name; each item is a file <NNN>-<name>.yaml, NNN its number written with at
least three digits (065). No issue prints them; the web archive's News stream
does (`psgnews.content.news` loads them with the briefings).
"""

from __future__ import annotations

import re
from pathlib import Path

from psgnews.content import yamlread
from psgnews.content.briefings import files_in
from psgnews.content.project import Root
from psgnews.content.schema import SeriesItemSpec, validate
from psgnews.core.names import slugify
from psgnews.core.paths import IMAGES, SERIES

NAME = re.compile(r"(\d{3,})-[a-z0-9][a-z0-9-]*")
EXAMPLE = "e.g. issues/_series/peru-news/065-mining-protests.yaml"

Read = list[tuple[yamlread.Document, SeriesItemSpec | None]]


def read_series(root: Root) -> Read:
    """Return each file of issues/_series/ read, and its spec where its folder, name and date hold.

    What an item shares with every news item (its section, its body) is
    `psgnews.content.news`'s to check.
    """
    found: Read = []
    for folder in files_in(root.issues / SERIES):
        if not folder.is_dir():
            doc = yamlread.Document(folder.relative_to(root.path).as_posix())
            doc.add((), f"not in a series' folder: put each item in its series' folder, {EXAMPLE}")
            found.append((doc, None))
            continue
        for path in files_in(folder):
            if path.name != IMAGES or not path.is_dir():  # the series' images, as bodies show
                found.append(_item(root, path))
    _check_dates(found)
    return found


def _item(root: Root, path: Path) -> tuple[yamlread.Document, SeriesItemSpec | None]:
    """Return the item file at `path` read, with its spec if its folder and name are its own."""
    display = path.relative_to(root.path).as_posix()
    name = NAME.fullmatch(path.stem) if path.suffix == ".yaml" else None
    if name is None:
        doc = yamlread.Document(display)  # not read: it need not even be YAML
        doc.add((), f"not a series item file name: write NNN-name.yaml, {EXAMPLE}")
        return doc, None
    doc = yamlread.read(path, display)
    spec = validate(SeriesItemSpec, doc)
    if spec is None:
        return doc, None
    if (slug := slugify(spec.series, fallback="series")) != path.parent.name:
        doc.add(("series",), f"'{spec.series}' belongs in issues/{SERIES}/{slug}/")
    if int(name[1]) != spec.number:
        doc.add(("number",), f"says {spec.number} but the file name says {name[1]}")
    elif name[1] != f"{spec.number:03d}":
        doc.add(("number",), f"the file name writes it {name[1]}: name it {spec.number:03d}-...")
    return doc, spec


def _check_dates(found: Read) -> None:
    """Add a problem to each item whose date is not the first's of its series and number."""
    numbers: dict[tuple[str, int], list[tuple[yamlread.Document, SeriesItemSpec]]] = {}
    for doc, spec in found:
        if spec is not None:
            folder = doc.display.rsplit("/", 2)[-2]
            numbers.setdefault((folder, spec.number), []).append((doc, spec))
    for (first_doc, first), *others in numbers.values():
        for doc, spec in others:
            if spec.date != first.date:
                said = f"{first_doc.display} dates {first.series} {first.number} {first.date.iso}"
                doc.add(("date",), f"says {spec.date.iso}, but {said}: its items share one date")
