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
DPI = 36
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
    with tempfile.TemporaryDirectory() as folder:
        prefix = str(Path(folder) / "page")
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), prefix], check=True)
        return [_hole(Image.open(png)) for png in sorted(Path(folder).glob("page-*.png"))]


def _hole(image: Image.Image) -> float:
    """Return the tallest run of blank rows in the text area of one page's pixels."""
    scale = DPI / 72
    top, bottom = round(TOP * scale), image.height - round(BOTTOM * scale)
    pixels = image.convert("L").tobytes()
    run = longest = 0
    for y in range(top, bottom):
        blank = min(pixels[y * image.width : (y + 1) * image.width]) > 245
        run = run + 1 if blank else 0
        longest = max(longest, run)
    return longest / (bottom - top)


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
