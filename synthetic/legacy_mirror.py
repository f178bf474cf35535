"""Generate a mirror of an old site (listings, article pages with furniture, images, a WXR export).

Each article page is one item a listing gives (or, one in ten, no listing
does); a fifth are articles of an Update, whose pages show an image the
mirror holds (and some a missing one); the export holds published posts with
footnotes, captions, categories and tags, and drafts, revisions, pages and
attachments. `Mirror.files` is the expected import, file by file (an image as
its bytes), and `Mirror.skipped` the files reported as skipped. Invented,
neutral text: nothing about the Group.

    python -m synthetic.legacy_mirror DIR [PAGES] [POSTS]
"""

from __future__ import annotations

import datetime
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psgnews.core.names import article_name
from synthetic.legacy_words import OUTCOMES, PLACES, SENTENCES, SUBJECTS
from synthetic.mirror_render import article_page, export, listing_page

PER_LISTING = 30
IMAGE = bytes.fromhex(  # a 1x1 PNG: what the import copies, byte for byte
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763"
    "f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


@dataclass
class Story:
    """One generated item: where it comes from and what its file must hold."""

    number: int | None  # its Update, or None: a briefing
    day: datetime.date
    title: str
    summary: str  # the listing's teaser (and the page's first paragraph)
    paragraphs: list[str]  # the page's further paragraphs, as Markdown
    listed: bool = True
    image: str = ""  # the image its page shows ("" none)
    image_held: bool = True  # whether the mirror holds it


@dataclass
class Mirror:
    """The files of a mirror and what importing it must give."""

    pages: dict[str, bytes] = field(default_factory=dict)  # path in the mirror: bytes
    files: dict[str, Any] = field(default_factory=dict)  # path under issues/: data or bytes
    skipped: set[str] = field(default_factory=set)

    def write(self, folder: Path) -> Path:
        """Write the mirror under `folder`; return its top folder."""
        for name, data in self.pages.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return folder


def generate(pages: int = 3000, posts: int = 500, seed: int = 22) -> Mirror:
    """Return a mirror of `pages` article pages and an export of `posts` posts, with its import."""
    rng = random.Random(seed)
    mirror = Mirror()
    stories = [_story(rng, n) for n in range(pages)]
    listed = [s for s in stories if s.listed]
    for start in range(0, len(listed), PER_LISTING):
        name = f"www.example.org/news.php?page={start // PER_LISTING + 1}"
        mirror.pages[name] = listing_page(listed[start : start + PER_LISTING]).encode()
    for index, story in enumerate(stories):
        mirror.pages[f"www.example.org/news-article-{index + 1}.html"] = article_page(
            story
        ).encode()
        _expect(mirror, story)
    _issues(mirror, stories)
    mirror.pages["www.example.org/wp/export.xml"] = export(_posts(rng, mirror, posts)).encode()
    for name, data in {
        "css/site.css": b"body { margin: 0; }\n",
        "robots.txt": b"User-agent: *\n",
    }.items():
        mirror.pages[f"www.example.org/{name}"] = data
        mirror.skipped.add(f"www.example.org/{name}")
    return mirror


def _story(rng: random.Random, n: int) -> Story:
    """Return the `n`th story: a briefing a day, or every fifth an article of an Update."""
    day = datetime.date(2005, 1, 1) + datetime.timedelta(days=n)
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    title = f"{subject} in {place} {rng.choice(OUTCOMES)} ({n + 1})"
    said = [s.format(place=place, subject=subject.lower()) for s in rng.sample(SENTENCES, 3)]
    paragraphs = [
        f"{said[1]} The **{place}** office said so.",
        f"See [the report](https://www.example.org/report-{n}.pdf); it was *widely* read.",
    ]
    story = Story(None, day, title, said[0], paragraphs, listed=n % 10 != 9)
    if n % 5 == 0:
        story.number, story.image = 100 + n // 25, f"images/photo-{n + 1}.png"
        story.image_held = n % 15 != 0
        story.day = datetime.date(2005, 1, 1) + datetime.timedelta(days=n // 25 * 25)
    return story


def _expect(mirror: Mirror, story: Story) -> None:
    """Add the file (and image) importing `story` must give."""
    name = article_name(story.title)
    body = [story.summary, *story.paragraphs]
    if story.image and story.image_held:
        mirror.pages[f"www.example.org/{story.image}"] = IMAGE
        file = Path(story.image).name
        mirror.files[f"{story.number}/images/{file}"] = IMAGE
        body.insert(1, f"![A photo](images/{file})")
    data: dict[str, Any] = {"title": story.title, "section": "News"}
    if story.number is None:
        data["date"] = story.day
    data["summary"] = story.summary
    data["body"] = "\n\n".join(body if story.listed else body[1:]) + "\n"
    path = f"{story.number}/{name}.yaml" if story.number else f"_briefings/{story.day}-{name}.yaml"
    mirror.files[path] = data


def _issues(mirror: Mirror, stories: list[Story]) -> None:
    """Add each Update's issue.yaml: its date, and its articles in the order listed."""
    orders: dict[int, list[str]] = {}
    dates: dict[int, datetime.date] = {}
    for story in stories:
        if story.number is not None:
            orders.setdefault(story.number, []).append(article_name(story.title))
            dates[story.number] = story.day
    for number, order in orders.items():
        mirror.files[f"{number}/issue.yaml"] = {
            "number": number,
            "date": dates[number],
            "order": order,
        }


def _posts(rng: random.Random, mirror: Mirror, count: int) -> list[dict[str, Any]]:
    """Return the export's entries: `count` published posts, then one of each kind skipped."""
    posts = []
    for n in range(count):
        day = datetime.date(2018, 1, 1) + datetime.timedelta(days=n)
        place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
        title = f"{subject} in {place}: post {n + 1}"
        first = SENTENCES[n % len(SENTENCES)].format(place=place, subject=subject.lower())
        tags = [rng.choice(["Mining", "Water", "Courts"]), place]
        posts.append(
            {
                "title": title,
                "day": day,
                "first": first,
                "tags": tags,
                "status": "publish",
                "type": "post",
            }
        )
        mirror.files[f"_briefings/{day}-{article_name(title)}.yaml"] = {
            "title": title,
            "section": "News",
            "date": day,
            "summary": first,
            "body": f"{first}[^1]\n\nThe river at {place}\n\n[^1]: A note on {place}.\n",
            "tags": tags,
        }
    posts += [
        {"title": f"Skipped {kind}", "day": datetime.date(2018, 1, 1), "first": "x", "tags": [],
         "status": status, "type": kind}
        for kind, status in (("post", "draft"), ("revision", "inherit"), ("page", "publish"),
                             ("attachment", "inherit"))
    ]  # fmt: skip
    return posts


def main(folder: Path, pages: int, posts: int) -> None:
    """Write a generated mirror to `folder`."""
    generate(pages, posts).write(folder)
    print(f"{pages} article pages and {posts} posts written under {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:4]))
