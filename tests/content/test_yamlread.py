from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from psgnews.content import yamlread


def parse(text: str) -> yamlread.Document:
    doc = yamlread.Document("x.yaml")
    yamlread.parse_into(doc, text)
    return doc


def test_values_and_their_positions() -> None:
    doc = parse("title: Hello\ndate: 2007-01-31\ntags:\n  - a\n  - b\nn: 3\n")
    assert doc.data == {
        "title": "Hello",
        "date": datetime.date(2007, 1, 31),
        "tags": ["a", "b"],
        "n": 3,
    }
    assert doc.where(("title",)) == (1, 8)
    assert doc.where(("tags", 1)) == (5, 5)
    assert doc.where(("date", yamlread.KEY)) == (2, 1)
    assert doc.where(("nowhere", "deep")) == (1, 1)
    assert not doc.problems


def test_libyaml_is_used() -> None:
    assert vars(yamlread)["Loader"] is yaml.CSafeLoader  # not re-exported: read from the module


def test_impossible_date_is_left_as_text_for_the_schema() -> None:
    assert parse("date: 2007-02-30\n").data == {"date": "2007-02-30"}


def test_more_than_one_document_is_refused() -> None:
    doc = parse("a: 1\n---\nb: 2\n")
    assert [p.message for p in doc.problems] == ["more than one YAML document in the file"]


def test_deep_nesting_is_refused() -> None:
    doc = parse("a: " + "[" * 200 + "]" * 200 + "\n")
    assert "nested deeper than" in doc.problems[0].message


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: x\n")
    assert yamlread.read(path, "bom.yaml").data == {"title": "x"}


# Fuzzing: whatever bytes a content file holds, reading and checking it gives located
# problems, never an exception (which `psgnews` reports as "internal error", placeless).
FRAGMENTS = [
    "title", "section", "summary", "body", "tags", "date", "image", "src", "alt", "layout",
    "extends", "order", "number", ":", ": ", "- ", "? ", "!!bool ", "!!timestamp ", "!!int ",
    "!!float ", "!!str ", "!!null ", "!!binary ", "!!set ", "!!omap ", "!!pairs ", "!!map ",
    "!!seq ", "!!python/name:os.system ", "!local ", "&a ", "*a", "<<: ", "[", "]", "{", "}",
    ", ", "\n", "\n  ", "\n    ", "|", "|-\n  ", ">", '"', "'", "#", "2001-12", "2007-02-30",
    "2007-01-31", "12:30", "maybe", "yes", "0x1F", "0o17", "1e999", ".inf", ".nan", "~", "x",
    "\t", "\f", "\x00", "\x85", "\u2028", "\ufeff", "\ud7ff", "é", "%YAML 1.1\n", "%TAG ! !x\n",
    "---\n", "...\n", "\\", "\\x", "\r", "\r\n",
]  # fmt: skip
ARTICLE = "title: A title\nsection: News\nsummary: A summary.\ntags: [a, b]\ndate: 2007-01-31\n"


def check_everything(data: bytes) -> None:
    """Read `data` as a content file and check it as every kind of file; assert all is located."""
    from psgnews.content.schema import ArticleSpec, IssueSpec, StandingSpec, validate
    from psgnews.content.settings import Config

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_bytes(data)
        lines = len(data.decode("utf-8", "replace").splitlines()) + 1  # YAML counts U+0085 too
        for kind in (ArticleSpec, IssueSpec, StandingSpec, Config):
            doc = yamlread.read(path, "x.yaml")
            validate(kind, doc)
            for problem in doc.problems:
                assert 1 <= problem.line <= lines and problem.column >= 1, problem
                assert "\n" not in str(problem), problem


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=40))
def test_any_yaml_structure_gives_located_problems(parts: list[str]) -> None:
    check_everything("".join(parts).encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_bytes_in_a_valid_file_give_located_problems(data: st.DataObject) -> None:
    text = bytearray(ARTICLE.encode())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        text[at:at] = data.draw(st.binary(min_size=1, max_size=3))
    check_everything(bytes(text))
