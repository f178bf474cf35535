"""What the PDF's fonts can set: every character of an issue's text must be in one of them.

A character no font of the layout has is set as an empty box (".notdef"), or in
whatever font the machine happens to have; either way the PDF is not the one an
archivist rebuilds. `check` refuses it where it stands, as `build` would. The
fonts are read once (fontTools) and what they cover is kept in the cache of
checked content, keyed by the fonts' digests, so `check` does not read them again.
"""

from __future__ import annotations

import functools
import hashlib
import html as htmllib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from psgnews.content.yamlread import Document, Loc
from psgnews.core import cache, fingerprint
from psgnews.core.errors import Problem
from psgnews.core.readfile import is_regular, read_regular

FONTS = "fonts"  # the folder of a layout its fonts are in
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf")
MAX_FONT_BYTES = 32 * 1024 * 1024
# Set as nothing, whatever the font: line breaks and tabs of the source, variation selectors.
_UNSHOWN = frozenset("\t\n\r") | frozenset(map(chr, range(0xFE00, 0xFE10)))


def font_files(layout_dirs: Sequence[Path]) -> list[Path]:
    """Return the font files of the layouts in `layout_dirs`, in order."""
    found = []
    for folder in layout_dirs:
        fonts = folder / FONTS
        if fonts.is_dir() and not fonts.is_symlink():
            found += sorted(p for p in fonts.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    return [path for path in found if is_regular(path, within=path.parent.parent)]


def coverage(root: Path, layout_dirs: Sequence[Path]) -> frozenset[str] | None:
    """Return the characters the layouts' fonts hold; None if they bundle no font."""
    fonts = font_files(layout_dirs)
    if not fonts:
        return None  # the machine's fonts: psgnews cannot know them
    key = " ".join(f"{path.name}:{fingerprint.file_digest(path)}" for path in fonts)
    return _coverage(root, key, tuple(fonts))


@functools.lru_cache(maxsize=8)
def _coverage(root: Path, key: str, fonts: tuple[Path, ...]) -> frozenset[str]:
    """Return what `fonts` (with digests `key`) cover: kept in the cache, read once a run."""
    entry = f"glyphs-{hashlib.sha256(key.encode()).hexdigest()[:20]}"
    kept = cache.recall(root, entry, key)
    if isinstance(kept, frozenset):
        return kept
    from fontTools.ttLib import TTFont  # only when the fonts changed: 0.3 s to import

    covered: set[str] = set()
    for path in fonts:
        font = TTFont(io.BytesIO(read_regular(path, MAX_FONT_BYTES)), lazy=True)
        covered.update(map(chr, font.getBestCmap() or {}))
    found = frozenset(covered)
    cache.keep(root, entry, key, found)
    return found


# Line and paragraph separators: fonts map them, but the PDF renderer sets an empty box.
_BREAKS = frozenset("\x85\u2028\u2029")


def missing(text: str, covered: frozenset[str]) -> list[str]:
    """Return the characters of `text` that none of the fonts covering `covered` can set."""
    shown = set(text)
    # Format characters (soft hyphen, zero-width space, joiners) are never drawn.
    unset = {c for c in shown - covered - _UNSHOWN if unicodedata.category(c) != "Cf"}
    return sorted(unset | (shown & _BREAKS))


def problems(
    covered: frozenset[str],
    places: Iterable[tuple[str, Loc, str]],
    read: Callable[[str], Document],
) -> list[Problem]:
    """Return a problem for each character of `places` (file, field, text) no font has.

    `read(file)` gives the file's document, to place each problem at the character.
    """
    docs: dict[str, Document] = {}
    found = []
    for source, loc, text in places:
        for char in missing(text, covered):
            if source not in docs:
                docs[source] = read(source)
            doc = docs[source]
            doc.add_near(loc, char, message(char))
            found.append(doc.problems[-1])
    return found


# A footnote's way back to its call ("↩"): the PDF sets the note at its call, without it.
_BACKREF = re.compile(r'<a [^>]*class="footnote-backref"[^>]*>[^<]*</a>')


def text_of(html: str) -> str:
    """Return the text the PDF shows of sanitised HTML `html` (no attribute, no way back)."""
    return htmllib.unescape(re.sub(r"<[^>]*>", " ", _BACKREF.sub("", html)))


def message(char: str) -> str:
    """Return the problem of `char`, which no font of the PDF has."""
    if char in _BREAKS:
        return f"U+{ord(char):04X} is a line break the PDF cannot set: start a new paragraph"
    shown = f" ({char})" if char.isprintable() else ""
    return (
        f"U+{ord(char):04X}{shown} is in none of the PDF's fonts: "
        "write it otherwise, or add a font that has it to the layout"
    )
