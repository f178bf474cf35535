"""The web archive's News stream: the briefings and series items, listed by year, a page each.

`news/<year>.html` lists a year's, newest first, under a row of years; `news/index.html`
is the newest year's page (no page lists thousands); `news/<slug>/index.html` is an item's
page (a briefing's slug is its file's name, a series item's is prefixed by its
series' folder: `peru-news-065-mining-protests`). The pages come from `default`'s
`web/news.html.j2` and `web/news-item.html.j2`; a project without news has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from psgnews.content.model import NewsItem
from psgnews.render import images, layouts

FOLDER = "news"  # the stream's folder in the archive


def page_path(item: NewsItem) -> str:
    """Return the path of `item`'s page under web/."""
    return f"{FOLDER}/{item.slug}/index.html"


def news_pages(
    dirs: tuple[Path, ...], site: dict[str, Any], news: Sequence[NewsItem]
) -> dict[str, bytes]:
    """Return the stream's pages by path under web/, with `site` the archive's shared context."""
    if not news:
        return {}
    years: dict[int, list[NewsItem]] = {}
    for item in news:
        years.setdefault(item.date.year, []).append(item)
    counts = [(year, len(items)) for year, items in sorted(years.items(), reverse=True)]
    newest = counts[0][0]
    files = {
        f"{FOLDER}/{name}": _page(
            dirs, "web/news.html.j2", "../", site, years=counts, year=year, items=years[year]
        )
        for name, year in [("index.html", newest), *((f"{y}.html", y) for y, _ in counts)]
    }
    for index, item in enumerate(news):  # newest first, as the stream lists them
        newer = news[index - 1] if index else None
        older = news[index + 1] if index + 1 < len(news) else None
        shown = partial(images.web_html, item)
        files[page_path(item)] = _page(
            dirs,
            "web/news-item.html.j2",
            "../../",
            site,
            item=item,
            older=older,
            newer=newer,
            web_html=shown,
        )
    return files


def image_copies(root: Path, news: Sequence[NewsItem]) -> dict[str, bytes]:
    """Return the web copies of the images news items show, by path under web/: beside each page.

    The copies are made as an issue's are (`psgnews.render.derive`), without the
    originals' metadata.
    """
    from psgnews.render import derive

    return {
        f"{FOLDER}/{item.slug}/{name}": data
        for item in news
        if item.images
        for name, data in derive.web_copies(root, item).items()
    }


def _page(
    dirs: tuple[Path, ...], template: str, base: str, site: dict[str, Any], **extra: Any
) -> bytes:
    return layouts.render(dirs, template, **{**site, "base": base, **extra}).encode()
