"""Gather and validate an issue's files into one frozen `Issue`.

Everything is read and checked before anything is rendered: every problem of
a run is collected, and a `ContentError` lists them all at the end.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path

from psgnews.content import (
    files,
    imagecheck,
    issuechecks,
    layouts,
    order,
    unfinished,
    written,
    yamlread,
)
from psgnews.content.checks import body_links, check_article, check_markdown, hint
from psgnews.content.model import Article, Issue, StandingPiece
from psgnews.content.project import Root
from psgnews.content.schema import ArticleSpec, ImageSpec, IssueSpec, StandingSpec, validate
from psgnews.core import cache, fingerprint
from psgnews.core.errors import ContentError, Problem
from psgnews.core.names import is_name
from psgnews.core.paths import CONFIG, DEFAULT_LAYOUT, ISSUE, STANDING, layout_folder


def load_issue(root: Root, number: int) -> Issue:
    """Return issue `number`, checked and ordered, or raise ContentError listing every problem."""
    return load_issues(root, [number])[0]


def load_issues(root: Root, numbers: list[int], *, bodies: bool = True) -> list[Issue]:
    """Return the issues `numbers`, or raise one ContentError listing every problem of them all.

    With `bodies=False` article bodies are left unrendered (Markdown cannot fail),
    so `list` reads a whole archive quickly; such issues must not be rendered.
    An issue checked before, none of whose sources has changed since, comes from
    the cache (`psgnews.core.cache`), without reading or checking its files again.
    """
    root.require_issues(numbers)
    sources = fingerprint.SourceDigests()
    # Cache entries are found by what the issue is made from but for its layouts, which the
    # entry names: an entry is used only if those are unchanged too.
    keys = {
        n: fingerprint.digest_of(fingerprint.issue_lines(root.path, n, sources)) for n in numbers
    }
    issues: dict[int, Issue | None] = {}
    for number in numbers:
        kept = cache.recall(root.path, f"issue-{number}", keys[number])
        if isinstance(kept, Issue) and kept.digest == _digest(root, number, kept.layout, sources):
            issues[number] = kept  # checked before, and nothing it was made from has changed
    if todo := [n for n in numbers if n not in issues]:
        _hash_layouts(root, sources)
        problems: list[Problem] = []
        standing = _load_standing(root, problems)
        loaded = {n: _load_issue(root, n, sources, standing, problems, bodies) for n in todo}
        if problems:
            raise ContentError(problems)
        # A file saved during the load must not be kept as unchanged: digest it afresh.
        again = fingerprint.SourceDigests()
        for number, issue in loaded.items():
            if (
                issue is not None
                and bodies
                and issue.digest == _digest(root, number, issue.layout, again)
            ):
                cache.keep(root.path, f"issue-{number}", keys[number], issue)
            issues[number] = issue
    return [issue for n in numbers if (issue := issues[n]) is not None]


def _digest(
    root: Root, number: int, layout: Sequence[str], sources: fingerprint.SourceDigests
) -> str:
    """Return the fingerprint of everything issue `number`, laid out by `layout`, is made from."""
    return fingerprint.issue_digest(root.path, number, layout, sources)


def _hash_layouts(root: Root, sources: fingerprint.SourceDigests) -> None:
    """Hash every layout before loading reads any: which ones an issue uses is known only after."""
    own = {p.name for p in (root.path / "layouts").glob("*") if is_name(p.name) and p.is_dir()}
    for name in sorted(own | {DEFAULT_LAYOUT}):
        fingerprint.layout_lines(root.path, [name], sources)


def _load_standing(root: Root, problems: list[Problem]) -> tuple[StandingPiece, ...]:
    folder = root.issues / STANDING
    pieces: dict[str, StandingPiece | None] = {}
    for path in sorted(folder.glob("*.yaml")):
        doc = _read(root, path)
        spec = validate(StandingSpec, doc)
        check_markdown(doc, ("body",), spec.body if spec else "", None)
        problems.extend(doc.problems)
        pieces[path.stem] = None
        if spec is not None and not doc.problems:
            body = _to_html(spec.body, path.stem, links=body_links(root))
            title = _smarten(spec.title)
            pieces[path.stem] = StandingPiece(
                slug=path.stem, title=title, body_html=body, source=doc.display
            )
    for index, name in enumerate(root.config.standing):
        if name not in pieces:
            config = yamlread.read(root.path / CONFIG, CONFIG)
            where = ("standing", index)
            problems.append(
                config.problem(where, f"no {STANDING}/{name}.yaml{hint(name, [*pieces])}")
            )
    return tuple(p for n in root.config.standing if (p := pieces.get(n)) is not None)


def _load_issue(
    root: Root,
    number: int,
    sources: fingerprint.SourceDigests,
    standing: tuple[StandingPiece, ...],
    problems: list[Problem],
    bodies: bool = True,
) -> Issue | None:
    folder = root.issue_folder(number)
    doc = _read(root, folder / ISSUE)
    spec = validate(IssueSpec, doc)
    date = spec.date.first if spec else datetime.date.min
    articles = _load_articles(root, folder, date, problems, bodies)
    if spec is None:
        problems.extend(doc.problems)
        return None
    if check_markdown(doc, ("editorial",), spec.editorial or "", folder):
        imagecheck.check_files(doc, ("editorial",), spec.editorial or "", folder)
    if spec.number != number:
        doc.add(("number",), f"says {spec.number} but the folder is issues/{number}")
    if fault := written.disagrees(spec.date_written, spec.date):
        doc.add(("date_written",), fault)
    sections = {name: s.section if s else "" for name, s in articles.items()}
    names, wrong = order.running_order(sections, root.config.sections, spec.order)
    _report_order(doc, wrong, list(sections))
    chain, layout_problems = layouts.chain(root.path, spec.layout)
    doc.problems.extend(_relocate(layout_problems, doc, ("layout",)))
    problems.extend(doc.problems)
    ready = [a for name in names if (a := articles.get(name)) is not None]
    if doc.problems or len(ready) != len(articles):
        return None
    editorial = _to_html(spec.editorial or "", "editorial", links=body_links(root))
    layout_dirs = tuple(layout_folder(root.path, name) for name in chain)
    issue = issuechecks.Whole(root, doc, editorial, ready, standing)
    if bodies and (whole := issuechecks.check(issue, layout_dirs)):
        problems.extend(whole)
        return None
    made_from = (doc.display, *(a.source for a in ready), *(p.source for p in standing))
    return Issue(
        config=root.config,
        number=number,
        dateline=spec.date,
        summary=_smarten(spec.summary) if spec.summary else _first_summary(ready),
        editorial_html=editorial,
        articles=tuple(ready),
        standing=standing,
        layout=tuple(chain),
        layout_dirs=layout_dirs,
        folder_name=folder.relative_to(root.path).as_posix(),
        settings=files.source(root.path, CONFIG, sources.file),
        sources=tuple(files.source(root.path, name, sources.file) for name in made_from),
        images=files.images(root.path, folder, files.shown(editorial, ready), sources.file),
        digest=_digest(root, number, chain, sources),
        subject_line=_smarten(spec.subject or ""),
        preview=_smarten(spec.preview or ""),
        draft=unfinished.draft(doc, spec.draft, "issue"),
        written_date=spec.date_written or "",
    )


def _load_articles(
    root: Root, folder: Path, issue_date: datetime.date, problems: list[Problem], bodies: bool
) -> dict[str, Article | None]:
    """Return every article file's Article (None where it has problems), by file name."""
    articles: dict[str, Article | None] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".yml" or (path.suffix == ".yaml" and not is_name(path.stem)):
            display = path.relative_to(root.path).as_posix()
            why = (
                "rename it to .yaml"
                if path.suffix == ".yml"
                else "use lower-case letters, digits, -"
            )
            problems.append(Problem(display, 1, 1, "", f"article file name not accepted: {why}"))
            continue
        if path.suffix != ".yaml" or path.name == ISSUE:
            continue
        doc = _read(root, path)
        spec = validate(ArticleSpec, doc)
        if spec is not None:
            check_article(root, folder, doc, spec)
        if spec is not None and spec.place is not None:
            doc.add(
                ("place",),
                "is a briefing's place among its day's news; an issue's order: places its articles",
            )
        problems.extend(doc.problems)
        articles[path.stem] = (
            _article(spec, path.stem, doc, issue_date, bodies, body_links(root))
            if spec is not None and not doc.problems
            else None
        )
    return articles


def _article(
    spec: ArticleSpec,
    slug: str,
    doc: yamlread.Document,
    issue_date: datetime.date,
    bodies: bool = True,
    links: dict[str, str] | None = None,
) -> Article:
    mark = unfinished.DRAFT_MARK if spec.draft else ""
    return Article(
        slug=slug,
        title=mark + _smarten(spec.title, spec.lang),
        section=spec.section,
        summary=_smarten(spec.summary, spec.lang),
        body_html=_to_html(spec.body, slug, spec.lang, links=links) if bodies else "",
        date=spec.date or issue_date,
        lang=spec.lang,
        image=_typeset_image(spec.image, spec.lang),
        tags=spec.tags,
        source=doc.display,
        draft=unfinished.draft(doc, spec.draft, "article"),
        placeholders=unfinished.placeholders(doc, spec.summary),
    )


def _typeset_image(image: ImageSpec | None, lang: str) -> ImageSpec | None:
    """Return `image` with the typography of titles in its alt text, caption and credit."""
    if image is None:
        return None
    caption = _smarten(image.caption, lang) if image.caption else image.caption
    credit = _smarten(image.credit, lang) if image.credit else image.credit
    return dataclasses.replace(image, alt=_smarten(image.alt, lang), caption=caption, credit=credit)


def _first_summary(articles: list[Article]) -> str:
    """Return the summary an issue without its own takes: its first article's."""
    return articles[0].summary if articles else ""


def _report_order(doc: yamlread.Document, wrong: order.OrderProblems, files: list[str]) -> None:
    for index, name in wrong.unknown:
        close = hint(name, files) if files else ""
        doc.add(("order", index), f"'{name}' names no article file ({name}.yaml){close}")
    for index, name in wrong.repeated:
        doc.add(("order", index), f"'{name}' is listed more than once")
    for name in wrong.missing:
        doc.add(("order",), f"article '{name}' ({name}.yaml) is not in the order")


def _relocate(problems: list[Problem], doc: yamlread.Document, loc: yamlread.Loc) -> list[Problem]:
    """Point layout problems found outside the issue at the issue's own `layout:` line."""
    return [p if p.path.endswith(".yaml") else doc.problem(loc, p.message) for p in problems]


def _read(root: Root, path: Path) -> yamlread.Document:
    return issuechecks.read(root, path)


def _smarten(text: str, lang: str = "en") -> str:
    """Return plain `text` with typographic quotes and dashes (`psgnews.content.typography`)."""
    from psgnews.content import typography  # as markup: markdown-it, only when needed

    return typography.smarten(text, lang)


def _to_html(
    markdown: str, doc_id: str, lang: str = "en", links: Mapping[str, str] | None = None
) -> str:
    """Return `markdown` as safe HTML (`psgnews.content.markup`), imported only when needed.

    An issue read back from the cache converts no Markdown, and its email build skips
    the ~60 ms of importing markdown-it and its plugins.
    """
    from psgnews.content import markup

    return markup.to_html(markdown, doc_id, lang, links)
