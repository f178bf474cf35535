"""The one frozen `Issue` every renderer receives.

These are plain frozen dataclasses, not pydantic models: they are built by the
loader from content pydantic has already checked, and building them needs no
second validation (nor pydantic's class set-up on the email path).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from psgnews.content.schema import Config, ImageSpec

LANGUAGES = {"en": "en-GB", "es": "es"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


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

    @property
    def lang_tag(self) -> str:
        """Return the BCP 47 tag for `lang=` attributes (en-GB, es)."""
        return LANGUAGES.get(self.lang, self.lang)


@dataclass(frozen=True)
class StandingPiece:
    """A piece printed at the end of every issue (PSG Aims, Why join)."""

    slug: str
    title: str
    body_html: str
    source: str


@dataclass(frozen=True)
class Issue:
    """One issue of the newsletter, checked, ordered and ready for every renderer."""

    config: Config
    number: int
    date: datetime.date
    summary: str
    editorial_html: str
    articles: tuple[Article, ...]
    standing: tuple[StandingPiece, ...]
    layout: tuple[str, ...]
    layout_dirs: tuple[Path, ...]
    root: Path
    folder: Path
    sources: tuple[str, ...]
    digest: str  # the fingerprint of everything it was made from (psgnews.build.fingerprint)

    @property
    def title(self) -> str:
        """Return e.g. "Update 119"."""
        return f"{self.config.newsletter} {self.number}"

    @property
    def date_text(self) -> str:
        """Return the date as printed, e.g. "31 January 2007"."""
        return long_date(self.date)

    @property
    def subject(self) -> str:
        """Return e.g. "Peru Support Group Update 119 — 31 January 2007"."""
        return f"{self.config.publication} {self.title} — {self.date_text}"

    @property
    def basename(self) -> str:
        """Return the outputs' file name without extension, e.g. "psg-update-119"."""
        return f"{series(self.config)}-{self.number}"

    @property
    def web_url(self) -> str:
        """Return the absolute URL of this issue's web page."""
        return f"{self.config.web_base_url.rstrip('/')}/{self.number}/"


def series(config: Config) -> str:
    """Return the name every issue's files start with, e.g. "psg-update"."""
    return f"{config.short_name}-{config.newsletter.lower().replace(' ', '-')}"


def long_date(date: datetime.date) -> str:
    """Return e.g. "31 January 2007", whatever the machine's locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
