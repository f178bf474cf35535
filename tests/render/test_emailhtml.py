"""The inbox preview line, absolute URLs, heading levels and image widths of the email."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from psgnews.content import htmltree
from psgnews.content.load import load_issue
from psgnews.project import open_root
from psgnews.render import emailhtml
from tests.conftest import REPO


def test_preview_is_the_editorials_first_sentence(rich: Path) -> None:
    issue = load_issue(open_root(rich), 120)
    assert emailhtml.preheader(issue) == (
        "This issue looks at the protests in Cajamarca and at the Ombudsman's report."
    )


def test_preview_without_editorial_is_the_first_summary_shortened_at_a_word() -> None:
    issue = load_issue(open_root(REPO), 119)
    preview = emailhtml.preheader(issue)
    assert issue.summary.startswith(preview.removesuffix("…"))
    assert preview.endswith("…") and len(preview) <= emailhtml.PREVIEW_CHARS + 1
    assert issue.summary[len(preview) - 1] == " "  # cut between words


def test_relative_urls_resolve_against_the_issue_page() -> None:
    issue = load_issue(open_root(REPO), 119)
    assert emailhtml.absolute(issue, "images/a.jpg") == (
        "https://www.example.org/updates/119/images/a.jpg"
    )
    assert emailhtml.absolute(issue, "mailto:a@example.org") == "mailto:a@example.org"


def test_headings_move_so_the_highest_is_the_one_asked_for() -> None:
    for html, moved in [
        ("<h4>A</h4><p>x</p><h5>B</h5><h6>C</h6>", "<h3>A</h3><p>x</p><h4>B</h4><h5>C</h5>"),
        ("<p>none</p>", "<p>none</p>"),
    ]:
        tree = htmltree.parse(html)
        emailhtml.headings_from(3, tree)
        assert htmltree.serialise(tree) == moved


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def test_pixel_width_reads_png_gif_and_jpeg_headers(tmp_path: Path) -> None:
    files = {
        "a.png": png(1200, 30),
        "b.gif": b"GIF89a" + struct.pack("<HH", 320, 200) + b"\x00" * 8,
        # SOI, an APP0 segment to skip, then a baseline start-of-frame: height 480, width 640.
        "c.jpg": b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x01\xe0\x02\x80" + b"\x00" * 12,
        "d.txt": b"not an image",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    widths = {name: emailhtml.pixel_width(tmp_path / name) for name in files}
    assert widths == {"a.png": 1200, "b.gif": 320, "c.jpg": 640, "d.txt": None}
    assert emailhtml.pixel_width(tmp_path / "missing.png") is None
