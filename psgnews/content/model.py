"""The one frozen `Issue` every renderer receives.

These are plain frozen dataclasses, not pydantic models: they are built by the
loader from content pydantic has already checked, and building them needs no
second validation (nor pydantic's class set-up on the email path).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from psgnews.content.dates import Dateline
from psgnews.content.schema import ImageSpec
from psgnews.content.settings import Config, series
from psgnews.core.errors import Problem

LANGUAGES = {"en": "en-GB", "es": "es"}


@dataclass(frozen=True)
class Article:
    """An article ready to render: its Markdown body already safe HTML."""

    slug: str
    title: str
    section: str
    summary: str
    body_html: str
    date: datetime.date
    lang: str
    image: ImageSpec | None
    tags: tuple[str, ...]
    source: str
    draft: Problem | None = None  # where its file says `draft: true`
    placeholders: tuple[Problem, ...] = ()  # where it still holds `psgnews new`'s text

    @property
    def lang_tag(self) -> str:
        """Return the BCP 47 tag for `lang=` attributes (en-GB, es)."""
        return LANGUAGES.get(self.lang, self.lang)


@dataclass(frozen=True)
class NewsItem:
    """A briefing, or an item of another numbered series, ready to render on a page of its own."""

    slug: str  # its page's name: the file's, prefixed by its series' folder for a series item
    title: str
    section: str
    summary: str
    body_html: str
    dateline: Dateline  # a briefing's day; a series item's day, month or months
    series: str | None  # e.g. "Peru News", as its file writes it; None for a briefing
    number: int | None  # its number in the series; None for a briefing
    lang: str
    tags: tuple[str, ...]
    source: str  # its file from the project root
    written_date: str = ""  # a series item's date as the old page wrote it ("June / July 2011")
    written_number: str = ""  # its number as the old page wrote it ("065")
    place: int = 0  # among the news items of its day, as the old page listed them (0: not said)
    images: tuple[Image, ...] = ()  # the images of its folder's images/ its body shows

    def image(self, src: str) -> Image | None:
        """Return the image of the item's folder its body shows at URL `src`, or None."""
        return next((image for image in self.images if image.src == src), None)

    @property
    def lang_tag(self) -> str:
        """Return the BCP 47 tag for `lang=` attributes (en-GB, es)."""
        return LANGUAGES.get(self.lang, self.lang)

    @property
    def date(self) -> datetime.date:
        """Return its first day, by which news items are ordered and feeds dated."""
        return self.dateline.first

    @property
    def label(self) -> str:
        """Return its series and number as written, e.g. "Peru News 065", or "" for a briefing."""
        return f"{self.series} {self.written_number or self.number}" if self.series else ""

    @property
    def date_text(self) -> str:
        """Return its date as printed, or as the old page wrote it."""
        return self.written_date or self.dateline.text


@dataclass(frozen=True)
class StandingPiece:
    """A piece printed at the end of every issue (PSG Aims, Why join)."""

    slug: str
    title: str
    body_html: str
    source: str


@dataclass(frozen=True)
class SourceFile:
    """A file an issue is made from, as loading found it; its bytes are not kept."""

    name: str  # its path from the project root, e.g. "issues/119/issue.yaml"
    digest: str  # the SHA-256 of its bytes
    size: int  # in bytes


@dataclass(frozen=True)
class Image(SourceFile):
    """An image of the issue's folder that its content shows."""

    src: str  # the URL the content gives it, relative to the issue's folder
    width: int  # in pixels, as shown: its EXIF orientation applied
    height: int
    kind: str  # "photo" (JPEG copies) or "graphic" (few colours: PNG copies)
    located: bool  # the original holds a GPS position, which no output keeps
    in_body: bool  # shown in a body or the editorial, not only as a lead image (its print size)


@dataclass(frozen=True)
class Issue:
    """One issue of the newsletter, checked, ordered and ready for every renderer.

    It names its files from the project root but does not say where the root is:
    renderers take what they need from it, not from the disk.
    """

    config: Config
    number: int
    dateline: Dateline  # as issue.yaml gives it: a day, a month, or months
    summary: str
    editorial_html: str
    articles: tuple[Article, ...]
    standing: tuple[StandingPiece, ...]
    layout: tuple[str, ...]
    layout_dirs: tuple[Path, ...]  # the layout's template folders, in the order they are searched
    folder_name: str  # its folder from the project root, e.g. "issues/119"
    settings: SourceFile  # psgnews.yaml
    sources: tuple[SourceFile, ...]  # its issue.yaml first, its articles', the standing pieces'
    images: tuple[Image, ...]  # one per URL of an image of its folder that its content shows
    digest: str  # the fingerprint of everything it was made from (psgnews.core.fingerprint)
    subject_line: str = ""  # issue.yaml's own subject for the email, if it gives one
    preview: str = ""  # issue.yaml's own inbox preview text, if it gives one
    draft: Problem | None = None  # where issue.yaml says `draft: true`
    written_date: str = ""  # the date as the old page wrote it, if issue.yaml gives it

    def image(self, src: str) -> Image | None:
        """Return the image of the issue's folder its content shows at URL `src`, or None."""
        return next((image for image in self.images if image.src == src), None)

    @property
    def drafts(self) -> tuple[Problem, ...]:
        """Return where the issue or its articles say `draft: true`."""
        return tuple(d for d in (self.draft, *(a.draft for a in self.articles)) if d)

    @property
    def placeholders(self) -> tuple[Problem, ...]:
        """Return where its articles still hold `psgnews new`'s placeholder text."""
        return tuple(p for a in self.articles for p in a.placeholders)

    @property
    def title(self) -> str:
        """Return e.g. "Update 119", or "Update 120 (draft)" while it holds a draft."""
        return f"{self.config.newsletter} {self.number}{' (draft)' if self.drafts else ''}"

    @property
    def date(self) -> datetime.date:
        """Return the issue's first day, by which issues are ordered and feeds dated."""
        return self.dateline.first

    @property
    def date_text(self) -> str:
        """Return the date as printed, e.g. "31 January 2007", or as the old page wrote it."""
        return self.written_date or self.dateline.text

    @property
    def subject(self) -> str:
        """Return e.g. "Peru Support Group Update 119 — 31 January 2007"."""
        return f"{self.config.publication} {self.title} — {self.date_text}"

    @property
    def email_subject(self) -> str:
        """Return the email's subject: the issue's own, else the usual `subject`."""
        return self.subject_line or self.subject

    @property
    def basename(self) -> str:
        """Return the outputs' file name without extension, e.g. "psg-update-119"."""
        return f"{series(self.config)}-{self.number}"

    @property
    def web_url(self) -> str:
        """Return the absolute URL of this issue's web page."""
        return f"{self.config.web_base_url.rstrip('/')}/{self.number}/"
