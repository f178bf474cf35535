"""The web archive: an index, a page per issue, pages per section and tag, a feed, and News.

News is the stream of briefings and series items (`psgnews.site.news`); they
are filed in the section and tag pages (`psgnews.site.topicpages`) beside the
articles, and are in the feed.

Every link is relative, so `<out>/web/` works opened from disk and from any web
root. Pages come from `web/*.j2` in the layouts: each issue's page from its own
layout chain, the site-wide pages from `default`. The archive is skipped when
nothing that shapes it has changed, and only files whose bytes change are
rewritten.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psgnews.content.project import Root
from psgnews.content.settings import series
from psgnews.core import digests, fingerprint, write
from psgnews.core.names import slugify
from psgnews.core.paths import DEFAULT_LAYOUT, layout_folder, shipped_layout
from psgnews.core.readfile import is_regular, read_regular

if TYPE_CHECKING:  # imported when the archive is made: one found up to date loads no content
    from psgnews.content.model import Article, Issue, NewsItem

WEB = "web"  # the archive's folder in the output folder


@dataclass(frozen=True)
class Topic:
    """A section or tag, and its articles across every issue and its news items, newest first.

    An entry is an issue and one of its articles, or None and a news item.
    """

    kind: str
    name: str
    slug: str
    entries: list[tuple[Issue | None, Article | NewsItem]] = field(default_factory=list)


@dataclass(frozen=True)
class Published:
    """What publishing the web archive did."""

    folder: Path
    current: bool
    written: list[Path]
    removed: list[Path]
    left_out: list[str] = field(default_factory=list)  # why each draft issue is not in it


def publish(
    root: Root, out: Path | None = None, sources: fingerprint.SourceDigests | None = None
) -> Published:
    """Bring `<out>/web/` up to date with every issue; rewrite only what changed."""
    out = out or root.output
    sources = sources or fingerprint.SourceDigests()
    folder = out / WEB
    numbers = root.issue_numbers()
    pdfs = {n: _pdf_path(root, out, n, sources) for n in numbers}
    shared = [*_shared_lines(root, pdfs, sources), *fingerprint.news_lines(root.path, sources)]
    old = fingerprint.read_record(fingerprint.record_path(out, WEB))
    now = _now(root, numbers, shared, old, sources) if old else None
    if old and old.fingerprint == now and fingerprint.intact(folder, old):
        return Published(folder, True, [], [])
    # Imported here: an archive found up to date loads and renders nothing (nor imports Jinja).
    from psgnews.content.load import load_issues
    from psgnews.content.news import load_news
    from psgnews.site import websearch
    from psgnews.site.news import image_copies

    # Gather all data: a content problem in any issue or news item leaves the archive as it was.
    issues = load_issues(root, numbers)
    news = load_news(root)
    ready = [issue for issue in issues if not issue.drafts]
    pages = render_site(root, ready, {n: p.name if p else None for n, p in pdfs.items()}, news)
    page_shas = {name: _sha(data) for name, data in pages.items()}  # for the record too
    bundles = websearch.bundle(pages, folder, old, page_shas)
    files = pages | bundles.made | _copies(root.path, ready, pdfs) | image_copies(root.path, news)
    files = dict(sorted(files.items()))
    shas = {name: page_shas.get(name) or _sha(data) for name, data in files.items()}
    # Start writing: the bundles kept as they are in the archive are left there.
    made: dict[str, os.stat_result] = {}
    written = _write_changed(out, files, shas, old, made)
    shas |= bundles.kept
    removed = _remove_stale(out, old.outputs if old else {}, shas)
    print_ = _fingerprint(shared, {issue.number: issue.digest for issue in issues})
    made = {name.removeprefix(f"{WEB}/"): found for name, found in made.items()}
    stats = digests.Written(folder, made, old.stamps if old else {})
    layouts = {i.number: i.layout for i in issues}
    fingerprint.write_record(out, WEB, print_, shas, layouts, written=stats)
    return Published(folder, False, written, removed, [_left_out(i) for i in issues if i.drafts])


def _left_out(issue: Issue) -> str:
    """Return why draft `issue` is not in the archive, and where it says so."""
    where = issue.drafts[0]
    return f"issue {issue.number} left out (a draft: {where.path}:{where.line})"


def _shared_lines(
    root: Root, pdfs: Mapping[int, Path | None], sources: fingerprint.SourceDigests
) -> list[str]:
    """Return the fingerprint lines of what the archive is made from beside the issues."""
    lines = list(fingerprint.layout_lines(root.path, [DEFAULT_LAYOUT], sources))
    for n, pdf in pdfs.items():  # an output of this run's build: hashed afresh
        lines.append(f"{n} pdf {fingerprint.file_digest(pdf) if pdf else 'none'}")
    return lines


def _now(
    root: Root,
    numbers: Iterable[int],
    shared: list[str],
    record: fingerprint.Record,
    sources: fingerprint.SourceDigests,
) -> str | None:
    """Return the archive's fingerprint as the files are now, the issues laid out as `record` says.

    None if the record does not know an issue's layout chain.
    """
    chains = record.layouts
    if any(str(n) not in chains for n in numbers):
        return None
    digests = {n: fingerprint.issue_digest(root.path, n, chains[str(n)], sources) for n in numbers}
    return _fingerprint(shared, digests)


def _fingerprint(shared: list[str], digests: Mapping[int, str]) -> str:
    """Return the archive's fingerprint: what it shares, and each issue's fingerprint."""
    return fingerprint.digest_of([*shared, *(f"{n} {d}" for n, d in sorted(digests.items()))])


def render_site(
    root: Root,
    issues: Sequence[Issue],
    pdfs: Mapping[int, str | None],
    news: Sequence[NewsItem] = (),
) -> dict[str, bytes]:
    """Return every page of the archive by its path under web/; `pdfs` names each issue's PDF.

    `news` are the briefings and series items, newest first.
    """
    # Here, not above: a no-op build imports no template engine and no search code.
    from psgnews.render import images, layouts
    from psgnews.site import websearch
    from psgnews.site.news import news_pages

    newest = sorted(issues, key=lambda i: i.number, reverse=True)
    sections, tags = topics(root, newest, news)
    by_key = {t.name.casefold(): t for t in tags}
    written = {tag for _, entry in _entries(tags) for tag in entry.tags}
    # A tag is shown, and leads, as its topic is named, however an older entry cased it.
    tag_slugs = {tag: by_key[tag.casefold()].slug for tag in written}
    tag_names = {tag: by_key[tag.casefold()].name for tag in written}
    site = {"config": root.config, "issues": newest, "sections": sections, "tags": tags}
    site |= {"pdfs": pdfs, "news": news, "tag_slugs": tag_slugs, "tag_names": tag_names}
    site["section_slugs"] = {t.name: t.slug for t in sections}
    default = (layout_folder(root.path, DEFAULT_LAYOUT),)
    updated = _updated([*newest, *news])
    files = {
        "index.html": _page(default, "web/index.html.j2", "", site),
        "topics.html": _page(default, "web/topics-page.html.j2", "", site),
        "feed.xml": _page(default, "web/feed.xml.j2", "", site, updated=updated),
    }
    files |= news_pages(default, site, news)
    # A project's own copy of `default` made before the web font takes the shipped one's.
    files |= layouts.web_fonts((*default, shipped_layout()))
    for topic in (*sections, *tags):
        files |= _topic_pages(default, site, topic)
    for index, issue in enumerate(newest):
        older = newest[index + 1] if index + 1 < len(newest) else None
        newer = newest[index - 1] if index > 0 else None
        context = {**site, "issue": issue, "previous": older, "next": newer}
        context |= {"pdf": pdfs[issue.number], "medium": "web"}
        context |= {
            "web_img": partial(images.web_img, issue),
            "web_html": partial(images.web_html, issue),
        }
        files[f"{issue.number}/index.html"] = _page(
            issue.layout_dirs, "web/issue.html.j2", "../", context
        )
    return files | _search_pages(default, site, news, websearch.shards(files, split=True))


def _topic_pages(dirs: tuple[Path, ...], site: dict[str, Any], topic: Topic) -> dict[str, bytes]:
    """Return the pages of a section or tag by path under web/, each leading to the others."""
    from psgnews.site.topicpages import topic_pages

    folder = "sections" if topic.kind == "section" else "tags"
    pages = topic_pages(topic.slug, topic.entries)
    return {
        f"{folder}/{page.name}": _page(
            dirs,
            "web/topic.html.j2",
            "../",
            site,
            topic=topic,
            page=page,
            pages=pages,
            newer=pages[index - 1] if index else None,
            older=pages[index + 1] if index + 1 < len(pages) else None,
        )
        for index, page in enumerate(pages)
    }


def _search_pages(
    default: tuple[Path, ...],
    site: dict[str, Any],
    news: Sequence[NewsItem],
    shards: Mapping[str, Mapping[str, bytes]],
) -> dict[str, bytes]:
    """Return the search page, and the Spanish pages' own if any news item is in Spanish.

    `shards` are the search's bundles by folder: the English page searches them all,
    the Spanish one those of the news items.
    """
    from psgnews.site import websearch

    spanish = any(item.lang == "es" for item in news)
    # A project's own copy of `default` made before the search page takes the shipped one's.
    dirs = (*default, shipped_layout())
    bundles = list(shards) or [websearch.FOLDER]
    news_bundles = websearch.news_folders(shards) or bundles
    # `news_bundle`: for a project's own copy made when there were two bundles (it gets one).
    page = partial(
        _page, dirs, "web/search.html.j2", spanish_pages=spanish, bundles=bundles, news_bundle=""
    )
    found = {websearch.SEARCH_PAGE: page("../", site, search_lang="en-GB")}
    if spanish:
        found["search/es/index.html"] = page("../../", site, search_lang="es", bundles=news_bundles)
    return found


def topics(
    root: Root, newest: Sequence[Issue], news: Sequence[NewsItem] = ()
) -> tuple[list[Topic], list[Topic]]:
    """Return the sections (in psgnews.yaml's order) and the tags (A to Z) that have entries.

    Tags that differ only in case ("TRC", "trc") are one tag, named as the newest issue
    writes it (or, if no issue has it, the newest news item).
    """
    sections = {name: Topic("section", name, "") for name in root.config.sections}
    tags: dict[str, Topic] = {}
    everything = [(i, a) for i in newest for a in i.articles] + [(None, item) for item in news]
    for issue, entry in everything:
        sections[entry.section].entries.append((issue, entry))
        for key, tag in {t.casefold(): t for t in reversed(entry.tags)}.items():
            tags.setdefault(key, Topic("tag", tag, "")).entries.append((issue, entry))
    found = [t for t in sections.values() if t.entries]
    ordered = sorted(tags.values(), key=lambda t: (t.name.casefold(), t.name))
    for topic in (*found, *ordered):  # a stable sort: an issue's articles keep their order
        topic.entries.sort(key=lambda pair: pair[0].date if pair[0] else pair[1].date, reverse=True)
    return _with_slugs(found), _with_slugs(ordered)


def _entries(topics: Iterable[Topic]) -> Iterable[tuple[Issue | None, Article | NewsItem]]:
    return (entry for topic in topics for entry in topic.entries)


def _with_slugs(found: list[Topic]) -> list[Topic]:
    """Give each topic a unique slug; names that slugify alike get -2, -3, ..."""
    taken: set[str] = set()
    result = []
    for topic in found:
        slug = slugify(topic.name, taken, fallback="topic")
        taken.add(slug)
        result.append(Topic(topic.kind, topic.name, slug, topic.entries))
    return result


def _page(
    dirs: tuple[Path, ...], template: str, base: str, site: dict[str, Any], **extra: Any
) -> bytes:
    from psgnews.render import layouts

    return layouts.render(dirs, template, **{**site, "base": base, **extra}).encode()


def _updated(dated: Sequence[Issue | NewsItem]) -> str:
    """Return the feed's date: the newest issue's or news item's, never the build's."""
    latest = max((i.date for i in dated), default=None)
    return f"{latest.isoformat()}T12:00:00Z" if latest else "1970-01-01T00:00:00Z"


def _copies(
    root: Path, issues: Sequence[Issue], pdfs: Mapping[int, Path | None]
) -> dict[str, bytes]:
    """Return each issue's PDF and the web copies of the images its content shows.

    The copies are those the email links to (`psgnews.render.images`), made by the
    issue's build and taken from the cache; never the originals, which keep what
    the camera wrote.
    """
    from psgnews.render import derive

    files: dict[str, bytes] = {}
    for issue in issues:
        if (pdf := pdfs[issue.number]) is not None:  # no link below build/<N>/ is followed
            files[f"{issue.number}/{pdf.name}"] = read_regular(pdf, within=pdf.parent.parent)
        for name, data in derive.web_copies(root, issue).items():
            files[f"{issue.number}/{name}"] = data
    return files


def _pdf_path(
    root: Root, out: Path, number: int, sources: fingerprint.SourceDigests
) -> Path | None:
    """Return issue `number`'s PDF if its last build made one (not a leftover of an earlier)."""
    name = f"{series(root.config)}-{number}.pdf"
    record = fingerprint.current_record(fingerprint.record_path(out, str(number)), sources)
    pdf = out / str(number) / name
    return pdf if record and name in record.outputs and is_regular(pdf, within=out) else None


def _write_changed(
    out: Path,
    files: dict[str, bytes],
    shas: Mapping[str, str],
    old: fingerprint.Record | None,
    made: dict[str, os.stat_result],
) -> list[Path]:
    """Write the files whose bytes (of digests `shas`) are not those in the archive.

    `made` is told what each file written became.
    """
    changed = {
        f"{WEB}/{name}": data
        for name, data in files.items()
        if fingerprint.output_digest(out / WEB, old, name) != shas[name]
    }
    return write.write_all(out, changed, made)


def _remove_stale(out: Path, old: Mapping[str, str], files: Mapping[str, object]) -> list[Path]:
    """Remove files an earlier publish wrote that the archive no longer has.

    Their names come from the record, which `fingerprint.read_record` trusts only
    if each is a path inside the archive's folder.
    """
    stale = [f"{WEB}/{n}" for n in old if n not in files]
    return write.remove(out, stale, prune=True)  # a removed item's or issue's folder too


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
