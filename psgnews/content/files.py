"""The files an issue is made from and the images it shows, described once, while loading.

Renderers take a file's digest or an image's size in pixels from these
descriptions, not from the disk. Only the image copies (`psgnews.render.images`)
and the PDF's attached sources are made from the bytes of the files described here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from psgnews.content import imagecheck
from psgnews.content.model import Article, Image, SourceFile

# The SHA-256 of a file, read once per run (fingerprint.SourceDigests).
Digest = Callable[[Path], str]


def source(root: Path, name: str, digest: Digest) -> SourceFile:
    """Return the description of the file `name` (its path from `root`)."""
    path = root / name
    return SourceFile(name, digest(path), path.stat().st_size)


def images(
    root: Path, folder: Path, shown: Mapping[str, bool], digest: Digest
) -> tuple[Image, ...]:
    """Return the images of `folder` at the URLs `shown` (each: whether in a body); skip others.

    Each URL is resolved as the PDF renderer resolves it (percent-escapes
    decoded, links followed), so both name the same file.
    """
    real = folder.resolve()
    prefix = folder.relative_to(root).as_posix()
    paths = {src: path for src in shown if (path := imagecheck.local_file(folder, src))}
    # One file has one print copy: sized for a body if any of its URLs is shown in one.
    in_body = {path for src, path in paths.items() if shown[src]}
    found: list[Image] = []
    for src, path in paths.items():
        if isinstance(facts := imagecheck.examine(path), str):
            continue  # reported while checking: such an issue is never rendered
        name = f"{prefix}/{path.relative_to(real).as_posix()}"
        shown_as = (facts.width, facts.height, facts.kind, facts.located, path in in_body)
        found.append(Image(name, digest(path), path.stat().st_size, src, *shown_as))
    return tuple(found)


def shown(editorial_html: str, articles: Sequence[Article]) -> dict[str, bool]:
    """Return the URL of every image the editorial and the articles show, and whether in a body.

    Lead images come first; standing pieces show none.
    """
    found = {a.image.src: False for a in articles if a.image is not None}
    for html in (editorial_html, *(a.body_html for a in articles)):
        found |= {image.get("src") or "": True for image in imagecheck.images(html)}
    return found
