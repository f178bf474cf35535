"""Find what each file of a mirror of the old site is: a listing, or a file skipped, and why.

A folder given to `psgnews import` is a mirror of the old site as `wget
--mirror` saves it: listings (`news.php`, `articles.php?page=2`), article
pages, images, stylesheets and everything else. Each of its files is read
as a listing when it has dated items, as an article page when a heading with
a date after it starts its text, or reported as skipped with its reason; none
is passed over in silence (an image an article page shows is copied with
it). Links are not followed: a mirror is someone else's folder.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from psgnews.content import htmltree
from psgnews.core.errors import ImportFailedError, UnreadableFileError
from psgnews.core.readfile import read_regular
from psgnews.legacy import wxr
from psgnews.legacy.article import ArticlePage, read_article
from psgnews.legacy.listing import Listing, read_listing
from psgnews.legacy.pagefile import decode, is_html

PAGES = frozenset({".html", ".htm", ".php", ".asp", ".aspx", ".shtml", ".xhtml", ".txt", ""})
IMAGES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg"})
KINDS = {
    **dict.fromkeys((".css",), "a stylesheet"),
    **dict.fromkeys((".js", ".mjs"), "a script"),
    **dict.fromkeys((".ico", ".woff", ".woff2", ".ttf", ".otf", ".eot"), "an icon or font"),
    **dict.fromkeys((".pdf", ".doc", ".docx", ".rtf", ".odt", ".xls", ".xlsx"), "a document"),
    **dict.fromkeys((".zip", ".gz", ".tgz", ".rar", ".7z"), "an archive"),
    **dict.fromkeys((".mp3", ".mp4", ".avi", ".mov", ".wav", ".swf"), "audio or video"),
    **dict.fromkeys((".rss", ".atom"), "a feed"),
}  # fmt: skip
XML = frozenset({".xml", ".wxr"})
NOT_PAGES = frozenset({"robots.txt", "humans.txt", "security.txt"})


@dataclass(frozen=True)
class Skipped:
    """A file of a mirror that the import does not read, and why."""

    source: str
    why: str


@dataclass
class Found:
    """What the paths given to an import hold: listings read, and files skipped."""

    listings: list[Listing] = field(default_factory=list)
    articles: list[ArticlePage] = field(default_factory=list)
    exports: list[wxr.Export] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def gather(paths: Sequence[Path], newsletter: str = "Update") -> Found:
    """Return what `paths` (files, or folders holding a mirror) hold, and the files skipped."""
    found, folders = Found(), [path for path in paths if path.is_dir()]
    for path in paths:
        if path.is_dir():
            real = os.path.realpath(path)  # once, not for each of its thousands of files
            for file in files_of(path):
                _classify(found, file, (path, real), newsletter)
        elif _suffix(path) in XML:
            found.exports.append(wxr.read_export(_bytes(path), str(path)))
        else:
            found.listings.append(read_listing(path, str(path), newsletter))
    for export in found.exports:  # its own mirror first, then the others given with it
        export.mirrors += [folder for folder in folders if folder not in export.mirrors]
    return found


def _bytes(path: Path) -> bytes:
    try:
        return read_regular(path)
    except (UnreadableFileError, OSError) as e:
        raise ImportFailedError(f"{path}: cannot read: {e}") from e


def files_of(folder: Path) -> list[Path]:
    """Return every file under `folder`, in a stable order, links and all, but never through one."""
    found: list[Path] = []
    for top, dirs, names in os.walk(folder):  # os.walk does not descend into linked folders
        dirs.sort()
        here = Path(top)
        found += [here / name for name in sorted(names)]
        found += [here / name for name in dirs if (here / name).is_symlink()]
    return found


def _classify(found: Found, file: Path, mirror: tuple[Path, str], newsletter: str) -> None:
    """Read `file` of the `mirror` (its folder, and real path) as what it is, or skip it."""
    shown, folder = str(file), mirror[0]
    why = _kind(file)
    if why is None:
        try:
            raw = read_regular(file, within=folder, real=mirror[1])
        except UnreadableFileError as e:
            why = f"cannot be read: it {e.reason}"
        except OSError as e:
            why = f"cannot be read: {e.strerror}"
        else:
            try:
                why = _read(found, file, raw, mirror, newsletter)
            except ImportFailedError as e:
                why = str(e).removeprefix(f"{shown}: ").removeprefix(f"{shown}:")
    if why is not None:
        found.skipped.append(Skipped(shown, why))


def _read(
    found: Found, file: Path, raw: bytes, mirror: tuple[Path, str], newsletter: str
) -> str | None:
    """Add what `file` of `mirror` holds to `found`: an export, listing or article; else why not."""
    folder, real = mirror
    shown = str(file)
    if _suffix(file) in XML:
        if not wxr.is_export(raw):
            return "not a page (XML, no WordPress export: a feed, a sitemap)"
        found.exports.append(wxr.read_export(raw, shown))
        found.exports[-1].mirrors.append(folder)
        return None
    try:
        tree = htmltree.parse_page(decode(raw, shown, True)[0]) if is_html(file, raw) else None
    except htmltree.TooDeep as e:
        raise ImportFailedError(f"{shown}:{e.line}: {e}; psgnews does not import it") from None
    # Most pages of a mirror are article pages: try that first (a listing's headings are in
    # its list entries, which an article page's title never is).
    article = read_article(tree, shown, newsletter) if tree else None
    if article is not None:
        article.folder = folder
        article.real = real
        found.articles.append(article)
        return None
    listing = read_listing(file, shown, newsletter, raw=raw, tree=tree)
    if _dated(listing):
        found.listings.append(listing)
        return None
    return "a page with no dated items, and no heading with a date after it"


def _suffix(file: Path) -> str:
    """Return the suffix of `file`'s name before any `?`, as pathlib gives it, in lower case."""
    name = file.name.split("?")[0]
    dot = name.rfind(".")  # pathlib's rule, without making a Path of each file's name
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _kind(file: Path) -> str | None:
    """Return why `file` is skipped by its name alone, or None when it may be a page."""
    if file.is_symlink():
        return "a symbolic link, which psgnews does not follow"
    suffix = _suffix(file)
    if file.name.lower() in NOT_PAGES:
        return "not a page of news (a file for robots)"
    if suffix in IMAGES:
        return "an image no article page or post shows"
    if suffix in PAGES or suffix in XML:
        return None
    return f"not a page ({KINDS.get(suffix, 'a kind of file the import does not read')})"


def _dated(listing: Listing) -> bool:
    """Return whether a dateline began or followed any item of `listing`."""
    return any(
        role == "dateline" or (role.startswith("not understood") and not item.readable)
        for item in listing.items
        for _, role in item.marks
    )
