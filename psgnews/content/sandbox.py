"""What the PDF renderer may read: files inside the issue's folder and its layouts, and data: URLs.

The rules live here, without WeasyPrint, so that `psgnews check` applies them to
article bodies and `psgnews.render.pdf.weasy`'s URL fetcher applies them to every fetch.
"""

from __future__ import annotations

import itertools
import os
import stat
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

from psgnews.content import htmltree
from psgnews.core.names import did_you_mean

# Files bigger than this are not images or fonts an issue needs.
MAX_BYTES = 32 * 1024 * 1024
NO_FILE = "no such file"
MAX_LISTED = 1000  # files of a folder a "did you mean" compares: an issue holds a few dozen

# Attributes through which HTML makes a renderer fetch something.
FETCHED = {
    "img": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "link": ("href",), "object": ("data",), "embed": ("src",), "iframe": ("src",),
    "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "input": ("src",),
    "script": ("src",), "track": ("src",),
}  # fmt: skip


class Refused(Exception):
    """A URL the renderer may not read; the message says why."""


def resolve(url: str, allowed: tuple[Path, ...]) -> Path | None:
    """Return the file `url` (absolute, file: or data:) names, or None for a data: URL.

    Raise Refused unless it is a regular file inside one of the `allowed` folders.
    """
    parts = urlsplit(url)
    if parts.scheme == "data":
        return None
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise Refused("only files inside the issue folder and the layouts may be used")
    path = Path(unquote(parts.path))
    real = path.resolve()
    if not any(real.is_relative_to(folder.resolve()) for folder in allowed):
        why = "links outside" if real != path and path.is_symlink() else "is outside"
        raise Refused(f"{why} the issue folder and the layouts")
    try:
        info = real.stat()
    except OSError:
        raise Refused(NO_FILE) from None
    if not stat.S_ISREG(info.st_mode):
        raise Refused("not a regular file")
    if info.st_size > MAX_BYTES:
        raise Refused(f"{info.st_size} bytes, over the limit of {MAX_BYTES}")
    return real


def check(url: str, folder: Path, allowed: tuple[Path, ...]) -> str | None:
    """Return why `url`, written in a file of `folder`, may not be read; None if it may."""
    if url.strip().lower().startswith("data:"):
        return None
    if urlsplit(url).scheme in ("http", "https", "ftp"):
        return "remote files are not fetched: put the file in the issue folder"
    if url.startswith(("/", "\\")) or urlsplit(url).scheme:
        return "only files inside the issue folder may be used"
    try:
        resolve(urljoin(folder.as_uri() + "/", url), allowed)
    except Refused as e:
        return f"{e}{closest_file(folder, url)}" if str(e) == NO_FILE else str(e)
    return None


def closest_file(folder: Path, name: str) -> str:
    """Return "; did you mean 'images/x.jpg'?" for the file of `folder` closest to `name`, or ""."""
    files = (  # os.walk follows no link: a link's target is no file of the issue
        (Path(top) / name).relative_to(folder).as_posix()
        for top, _, names in os.walk(folder)
        for name in names
        if not name.startswith(".")
    )
    known = list(itertools.islice(files, MAX_LISTED))
    hint = did_you_mean(unquote(name), known)
    return f"; {hint}" if hint else ""


def body_problems(markdown: str, folder: Path | None) -> list[tuple[str, str]]:
    """Return (URL, message) for each URL in Markdown `markdown` that the PDF may not read.

    The HTML is checked both as written and as sanitised: the sanitiser drops some
    URLs (file:, <link>) without a word, which would leave a silently missing image,
    and every output reads what it keeps, which a browser may read otherwise than
    the HTML as written (`<noscript>`, say). With no `folder` (a standing piece,
    printed in every issue) no file may be used.
    """
    if "<" not in markdown and "![" not in markdown:
        return []  # no raw HTML and no image: nothing is fetched
    # Imported here, not above: the PDF renderer's process imports this module to fetch.
    from psgnews.content import markup

    written = references(htmltree.parse(markup.unsanitised_html(markdown)))
    seen = {(tag, url) for _, tag, url in written}
    kept = [r for r in references(markup.for_check(markdown).tree) if r[1:] not in seen]
    problems: list[tuple[str, str]] = []
    for _, tag, url in [*written, *kept]:
        if tag == "link" or tag == "a":
            problems.append((url, f"<{tag} ... {url!r}>: attachments are added by psgnews itself"))
        elif folder is None:
            problems.append((url, f"<{tag}> {url!r}: a standing piece may not use files"))
        elif (why := check(url, folder, (folder,))) is not None:
            problems.append((url, f"<{tag}> {url!r}: {why}"))
    return problems


def references(tree: Element, owner: str = "") -> list[tuple[str, str, str]]:
    """Return (owner id, tag, URL) for every URL the HTML of `tree` would make a renderer fetch.

    The owner is the id of the innermost article or section with one (an article's slug).
    """
    found: list[tuple[str, str, str]] = []
    # A stack, not recursion: a body may nest thousands deep before `check` refuses it.
    stack = [(element, owner) for element in reversed(tree)]
    while stack:
        element, owner = stack.pop()
        tag = htmltree.name(element)
        if not tag:
            continue  # a comment
        values = {htmltree.attribute_name(k): v for k, v in element.attrib.items()}
        names = FETCHED.get(tag, ())
        if tag == "a" and "attachment" in values.get("rel", "").lower().split():
            names = ("href",)
        found.extend((owner, tag, values[n]) for n in names if values.get(n))
        inner = (values.get("id") or owner) if tag in ("article", "section") else owner
        stack.extend((child, inner) for child in reversed(element))
    return found
