"""Join each article page to the item a listing gave for it: the listing's summary, the page's text.

A page is an item's when their titles are the same but for small differences
(case, punctuation, a word changed) and their dates (and numbers) agree. The
listing's first paragraph stays the summary; the page's text becomes the
body. A page no listing gives becomes an item of its own, its first paragraph
the summary. The images a page shows are copied from the mirror into the
images folder beside the item's file (an Update's, the briefings', a series'),
two different images of one file name under two names, reported; a missing
image is reported, its caption kept as the text says it. The images of a
WordPress export's posts are copied alike from the mirror folders given.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from psgnews.core.errors import UnreadableFileError
from psgnews.core.names import slugify
from psgnews.core.paths import BRIEFINGS, SERIES
from psgnews.core.readfile import read_regular
from psgnews.legacy.article import ArticlePage, Block, markdown
from psgnews.legacy.htmlpage import Line
from psgnews.legacy.listing import Item, plain
from psgnews.legacy.wxr import Export

SAME_TITLE = 0.85  # of characters in common: a copy's title with a word changed, not another's


def join(
    items: list[Item], pages: list[ArticlePage], notes: list[str], names: ImageNames
) -> list[Item]:
    """Give each page's text to its item in `items`; return the items of pages no listing gave."""
    by_date: dict[object, list[Item]] = {}
    for item in items:
        by_date.setdefault(item.dateline, []).append(item)
    unlisted: list[Item] = []
    for page in pages:
        listed = _listed(by_date.get(page.dated.date, []), page)
        if listed is None:
            unlisted.append(_own_item(page, notes, names))
            continue
        item = listed
        item.page = page
        item.body = markdown(_with_images(item, page, page.body, notes, names))
        notes.append(f"{page.source}:{page.line}: the full text of {item.source}:{item.line}")
    return unlisted


def _listed(candidates: list[Item], page: ArticlePage) -> Item | None:
    """Return the item of `candidates` the page is the full text of, if there is one."""
    title = plain(page.title)
    best, score = None, SAME_TITLE
    for item in candidates:
        if item.page is not None or not _same_number(item, page):
            continue
        ratio = 1.0 if item.plain_title == title else _ratio(item.plain_title, title)
        if ratio >= score:
            best, score = item, ratio
    return best


def _ratio(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= SAME_TITLE else 0.0


def _same_number(item: Item, page: ArticlePage) -> bool:
    dated = page.dated
    return dated.number is None or (item.number, item.series) == (dated.number, dated.series)


def _own_item(page: ArticlePage, notes: list[str], names: ImageNames) -> Item:
    """Return the item of a page no listing gives: its first paragraph the summary."""
    item = Item(page.source, page.line, page.title, page=page)
    item.set_date(page.dated)
    first = next((b for b in page.body if b.kind == "paragraph"), None)
    if first is not None:
        item.blocks.append(Line(first.line, "text", first.text))
        page.set_role(first, "summary")
    rest = [b for b in page.body if b is not first]
    item.body = markdown(_with_images(item, page, rest, notes, names))
    notes.append(f"{page.source}:{page.line}: an article page no listing gives; an item of its own")
    return item


class ImageNames:
    """The names of the images copied into each folder: one file, one name; two, two names."""

    def __init__(self) -> None:
        self.taken: dict[str, dict[str, bytes]] = {}  # by folder under issues/: name -> bytes

    def name(self, folder: str, file: Path, raw: bytes) -> tuple[str, bool]:
        """Return the name of image `file` in `folder`, and whether no image had it before.

        The same bytes keep one name; another image of the same file name is given
        the first of `name-2`, `name-3`, ... not yet another's.
        """
        stem, suffix = slugify(file.stem) or "image", file.suffix.lower()
        names = self.taken.setdefault(folder, {})
        name, n = f"{stem}{suffix}", 1
        while names.get(name, raw) != raw:
            n += 1
            name = f"{stem}-{n}{suffix}"
        new = name not in names
        names[name] = raw
        return name, new


def image_folder(item: Item) -> str:
    """Return the folder under issues/ whose images/ holds the images of `item`'s file."""
    if item.number is None:
        return BRIEFINGS
    if item.series is not None:
        return f"{SERIES}/{slugify(item.series)}"
    return str(item.number)


def _with_images(
    item: Item, page: ArticlePage, blocks: list[Block], notes: list[str], names: ImageNames
) -> list[Block]:
    """Return `blocks` with each image copied for `item`, or dropped and reported."""
    kept: list[Block] = []
    for block in blocks:
        if block.kind != "image":
            kept.append(block)
            continue
        at = f"{page.source}:{block.line}"
        copied = _copied(item, block, _image_file(page, block.src), names, notes, at)
        if copied is None:
            page.set_role(block, "image (missing)")
        else:
            kept.append(copied)
    return kept


def post_images(export: Export, names: ImageNames, notes: list[str]) -> None:
    """Copy each image the posts of `export` show from the mirrors given, or drop it, reported."""
    mirrors = {mirror: mirror.resolve() for mirror in export.mirrors}  # once, not per image
    for item, block in export.shown:
        at = f"{export.source}:{item.line}"
        copied = _copied(item, block, _mirrored(mirrors, block.src), names, notes, at)
        body = item.body or ""
        if copied is not None:
            item.body = body.replace(block.markdown, copied.markdown, 1)
        else:  # the image's paragraph goes, and the blank line that parted it from the next
            spaced = (block.markdown + "\n\n", "\n\n" + block.markdown, block.markdown)
            item.body = body.replace(next((b for b in spaced if b in body), ""), "", 1)


def _copied(
    item: Item,
    block: Block,
    found: tuple[Path, bytes] | str,
    names: ImageNames,
    notes: list[str],
    at: str,
) -> Block | None:
    """Return image `block` naming its copy for `item`, or None when there is no file (reported)."""
    if isinstance(found, str):
        notes.append(f"{at}: image {block.src} {found}; its caption is kept")
        return None
    folder = image_folder(item)
    name, new = names.name(folder, *found)
    if new:
        item.images.append((f"{folder}/images/{name}", *found))
    if name != f"{slugify(found[0].stem) or 'image'}{found[0].suffix.lower()}":
        notes.append(
            f"{at}: image {block.src} is copied as issues/{folder}/images/{name}:"
            " another image of this folder has its file's name"
        )
    return replace(block, markdown=block.markdown.replace(f"]({block.src})", f"](images/{name})"))


def _mirrored(mirrors: dict[Path, Path], src: str) -> tuple[Path, bytes] | str:
    """Return the file of a mirror that a post's image address names, and its bytes, or why none.

    `wget --mirror` saves `https://host/wp-content/a.jpg` as `host/wp-content/a.jpg`:
    the file is looked for there, and at the address's path, in each mirror folder
    (`mirrors` gives each folder's real path).
    """
    if not mirrors:
        return "is not copied: an export gives its address, not its file, and no mirror was given"
    parts = urlsplit(src)
    path = unquote(parts.path).lstrip("/")
    if parts.scheme not in ("", "http", "https") or not path:
        return "is not in the mirror (not a web address)"
    for mirror, real in mirrors.items():
        for file in dict.fromkeys((mirror / parts.netloc / path, mirror / path)):
            try:
                file.resolve().relative_to(real)
                return file, read_regular(file, within=mirror, real=str(real))
            except (ValueError, FileNotFoundError):
                continue
            except (UnreadableFileError, OSError) as e:
                return f"cannot be read ({e})"
    return "is not in the mirror"


def _image_file(page: ArticlePage, src: str) -> tuple[Path, bytes] | str:
    """Return the file of the mirror an image's `src` names and its bytes, or why there is none."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or page.folder is None:
        return "is not in the mirror (another site's)"
    file = Path(page.source).parent / unquote(parts.path)
    try:
        file.resolve().relative_to(page.real or page.folder.resolve())
        return file, read_regular(file, within=page.folder, real=page.real or None)
    except ValueError:
        return "is outside the mirror"
    except FileNotFoundError:
        return "is not in the mirror"
    except (UnreadableFileError, OSError) as e:
        return f"cannot be read ({e})"
