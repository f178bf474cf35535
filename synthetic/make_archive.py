"""Write a deterministic synthetic archive: N issues of 8 articles of ~600 words, with images.

Each article has a section, tags, a footnote and one PNG image, so every part
of the build (Markdown, layouts, PDF, web archive) is exercised. News items
(`--news`) are briefings and items of a series, "Peru News", one in four of
them in Spanish. The same arguments always write the same bytes.

    python synthetic/make_archive.py /tmp/archive --issues 120 --news 3000
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import struct
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ("News", "Human Rights", "Mining", "Politics")
TAGS = ("TRC", "reparations", "mining", "water", "elections", "Congress", "Amazon", "justice")
VOCABULARY = (
    "the commission report congress human rights community water mine protest region "
    "government minister court sentence reparations victims memory monument justice "
    "indigenous amazon forest election party vote law police debate families truth "
    "reconciliation programme support group members lima cajamarca ayacucho puno cusco"
)
WORDS = tuple(VOCABULARY.split())
SPANISH_VOCABULARY = (
    "la comisión informe congreso derechos humanos comunidad comunidades campesinas agua minería "
    "minero protesta región gobierno ministro tribunal sentencia reparaciones víctimas memoria "
    "justicia indígenas amazonía bosque elecciones partido ley policía debate familias verdad "
    "perú lima cajamarca ayacucho puno cusco"
)
SPANISH = tuple(SPANISH_VOCABULARY.split())
CONFIG = """\
# A synthetic archive for benchmarks and tests (example.org addresses are placeholders).
publication: Example Support Group
short_name: psg
newsletter: Update
sections: [News, Human Rights, Mining, Politics]
web_base_url: https://www.example.org/updates/
sender: {name: Example Support Group, address: news@example.org}
recipient: members@example.org
standing: [aims]
"""
STANDING = "title: Our aims\nbody: |\n  A placeholder standing piece, printed in every issue.\n"


def make_archive(
    target: Path,
    issues: int = 120,
    articles: int = 8,
    words: int = 600,
    first: int = 1,
    news: int = 0,
) -> Path:
    """Write the archive into `target` (settings, issues, `news` news items, the layouts)."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "psgnews.yaml").write_text(CONFIG, encoding="utf-8")
    (target / "issues" / "_standing").mkdir(parents=True, exist_ok=True)
    (target / "issues" / "_standing" / "aims.yaml").write_text(STANDING, encoding="utf-8")
    if not (target / "layouts").exists():
        shutil.copytree(REPO / "layouts", target / "layouts")
    for number in range(first, first + issues):
        write_issue(target / "issues" / str(number), number, articles, words)
    for index in range(1, news + 1):
        write_news_item(target / "issues", index)
    return target


def write_news_item(issues: Path, index: int) -> Path:
    """Write news item `index`: odd ones briefings, even ones Peru News items, every 4th Spanish."""
    rng = random.Random(-index)
    spanish = index % 4 == 0
    vocabulary = SPANISH if spanish else WORDS
    date = datetime.date(1995, 1, 1) + datetime.timedelta(days=3 * index)
    title = " ".join(rng.choice(vocabulary) for _ in range(5)).capitalize()
    summary = " ".join(rng.choice(vocabulary) for _ in range(20)).capitalize()
    body = " ".join(rng.choice(vocabulary) for _ in range(120)).capitalize()
    text = (
        f'title: "{title}"\nsection: {rng.choice(SECTIONS)}\nsummary: {summary}.\n'
        f"body: |\n  {body}.\n" + ("lang: es\n" if spanish else "")
    )
    if index % 2:
        path = issues / "_briefings" / f"{date.isoformat()}-item-{index}.yaml"
        text += f"date: {date.isoformat()}\n"
    else:
        path = issues / "_series" / "peru-news" / f"{index // 2:03d}-item-{index}.yaml"
        text = f"series: Peru News\nnumber: {index // 2}\ndate: {date.isoformat()}\n" + text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_issue(folder: Path, number: int, articles: int, words: int) -> None:
    """Write issue `number`: issue.yaml, its articles and one image per article."""
    rng = random.Random(number)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    date = datetime.date(1990, 1, 31) + datetime.timedelta(days=61 * number)
    (folder / "issue.yaml").write_text(f"number: {number}\ndate: {date.isoformat()}\n")
    for index in range(1, articles + 1):
        name = f"article-{index:02d}"
        (folder / "images" / f"{name}.png").write_bytes(png(number * 100 + index))
        (folder / f"{name}.yaml").write_text(article(rng, name, words), encoding="utf-8")


def article(rng: random.Random, name: str, words: int) -> str:
    """Return one article's YAML: ~`words` words in paragraphs, a footnote, tags and an image."""
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    paragraphs = []
    for _ in range(max(1, words // 75)):
        text = " ".join(rng.choice(WORDS) for _ in range(75))
        paragraphs.append(f"  {text.capitalize()}.")
    paragraphs[0] += "[^1]"
    tags = ", ".join(sorted(rng.sample(TAGS, 2)))
    return (
        f'title: "{title}"\n'
        f"section: {rng.choice(SECTIONS)}\n"
        f"summary: {' '.join(rng.choice(WORDS) for _ in range(25)).capitalize()}.\n"
        "body: |\n" + "\n\n".join(paragraphs) + "\n\n  [^1]: A footnote for this article.\n"
        f"tags: [{tags}]\n"
        f"image: {{src: images/{name}.png, alt: A placeholder picture, caption: A caption}}\n"
    )


def png(seed: int, width: int = 160, height: int = 90) -> bytes:
    """Return a small RGB PNG: a gradient whose colours depend on `seed`."""
    red, green = seed * 37 % 256, seed * 91 % 256
    rows = b"".join(
        b"\x00" + bytes(c for x in range(width) for c in (red, green, (x * 255 // width) ^ y))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    """Write the archive named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--issues", type=int, default=120)
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--news", type=int, default=0)
    args = parser.parse_args()
    make_archive(args.target, args.issues, args.articles, args.words, news=args.news)
    print(f"wrote {args.issues} issues and {args.news} news items into {args.target}")


if __name__ == "__main__":
    main()
