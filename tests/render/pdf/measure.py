"""Measures of printed pages, taken as a print shop would, with poppler alone.

Holes are read from the page's pixels (pdftoppm), so pictures and rules count as
ink; word spacing and line ends from the words' boxes (pdftotext -bbox-layout).
"""

from __future__ import annotations

import itertools
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image

MM = 72 / 25.4
TOP, BOTTOM, LEFT = 22 * MM, 24 * MM, 22 * MM  # the page margins of print.css
COLUMN = LEFT + 120 * MM  # the right edge of the running text's measure
SPACE = 600 / 3350  # Charis SIL's space against the height of its word boxes (ascent + descent)
LOOSE = 1.6  # a word space wider than this many natural spaces leaves a river
DPI = 36  # enough to see a hole of a line
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    """One word set on a page, with its box in points."""

    text: str
    left: float
    right: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        """Return the word's type size in points."""
        return (self.bottom - self.top) * 2048 / 3350


def holes(pdf: Path) -> list[float]:
    """Return each page's largest empty band across its text area, as a share of that area."""
    return [_hole(image) for image in _images(pdf, DPI)]


def rules_at_top(pdf: Path) -> list[int]:
    """Return the numbers of the pages whose text area opens with a rule across it."""
    return [number for number, image in enumerate(_images(pdf, 72), 1) if _opens_with_rule(image)]


def _images(pdf: Path, dpi: int) -> list[Image.Image]:
    """Return the pages of `pdf` as grey images of `dpi` pixels an inch."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = str(Path(folder) / "page")
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), prefix], check=True)
        return [Image.open(png).convert("L") for png in sorted(Path(folder).glob("page-*.png"))]


def _rows(image: Image.Image) -> list[bytes]:
    """Return the rows of pixels of the page's text area, top to bottom."""
    scale = image.height / (297 * MM)
    top, bottom = round(TOP * scale), image.height - round(BOTTOM * scale)
    pixels = image.tobytes()
    return [pixels[y * image.width : (y + 1) * image.width] for y in range(top, bottom)]


def _hole(image: Image.Image) -> float:
    """Return the tallest run of blank rows in the text area of one page's pixels."""
    rows = _rows(image)
    run = longest = 0
    for row in rows:
        run = run + 1 if min(row) > 245 else 0
        longest = max(longest, run)
    return longest / len(rows)


def _opens_with_rule(image: Image.Image) -> bool:
    """Return whether the first inked row of the text area holds a line over 80 mm long."""
    first = next((row for row in _rows(image) if min(row) < 245), b"")
    run = longest = 0
    for value in first:
        run = run + 1 if value < 245 else 0
        longest = max(longest, run)
    return longest > 80 * MM * image.width / (210 * MM)


def lines(pdf: Path) -> list[list[list[Word]]]:
    """Return each page's lines of text, each a list of its words."""
    done = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    )
    tree = ElementTree.fromstring(done.stdout)
    return [
        [[_word(word) for word in line.iter(f"{XHTML}word")] for line in page.iter(f"{XHTML}line")]
        for page in tree.iter(f"{XHTML}page")
    ]


def _word(element: ElementTree.Element) -> Word:
    box = [float(element.get(key, "0")) for key in ("xMin", "xMax", "yMin", "yMax")]
    return Word(element.text or "", *box)


def body_lines(pdf: Path, size: float = 10.5) -> list[list[Word]]:
    """Return the lines of running text (most words set at `size` points) on every page."""
    return [
        line
        for page in lines(pdf)
        for line in page
        if 2 * sum(abs(word.size - size) < 0.2 for word in line) > len(line)
    ]


def loose(pdf: Path) -> tuple[int, int]:
    """Return how many lines of running text set loose word spaces, and of how many."""
    spaced = [line for line in body_lines(pdf) if len(line) >= 4]
    return sum(_spaces(line) > LOOSE for line in spaced), len(spaced)


def _spaces(line: list[Word]) -> float:
    """Return a line's mean word space, in natural spaces."""
    gaps = [after.left - before.right for before, after in itertools.pairwise(line)]
    natural = SPACE * (line[0].bottom - line[0].top)
    return sum(gaps) / len(gaps) / natural


def past_the_column(pdf: Path) -> list[str]:
    """Return the lines of running text that end past the right edge of its measure."""
    return [
        " ".join(word.text for word in line)
        for line in body_lines(pdf)
        if line[-1].right > COLUMN + 0.5
    ]
