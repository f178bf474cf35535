from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from psgnews.content.order import running_order

SECTIONS = ["News", "Human Rights", "Mining"]
names = st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True), unique=True, max_size=12)


@given(names, st.data())
def test_explicit_order_comes_out_as_given(articles: list[str], data: st.DataObject) -> None:
    sections = {name: data.draw(st.sampled_from(SECTIONS)) for name in articles}
    permutation = data.draw(st.permutations(articles))
    ordered, problems = running_order(sections, SECTIONS, permutation)
    assert ordered == list(permutation)
    assert not problems


@given(names, st.data())
def test_default_order_loses_and_doubles_nothing(articles: list[str], data: st.DataObject) -> None:
    sections = {name: data.draw(st.sampled_from([*SECTIONS, "Unlisted"])) for name in articles}
    ordered, problems = running_order(sections, SECTIONS, None)
    assert sorted(ordered) == sorted(articles)
    assert not problems
    ranks = [SECTIONS.index(sections[n]) if sections[n] in SECTIONS else 99 for n in ordered]
    assert ranks == sorted(ranks)


@given(names.filter(bool), st.data())
def test_every_missing_unknown_and_repeated_name_is_listed(
    articles: list[str], data: st.DataObject
) -> None:
    sections = dict.fromkeys(articles, "News")
    kept = data.draw(st.lists(st.sampled_from(articles), max_size=len(articles) + 3))
    strangers = data.draw(st.lists(st.sampled_from(["zz-one", "zz-two"]), max_size=2))
    order = kept + strangers
    _, problems = running_order(sections, SECTIONS, order)
    assert problems.missing == sorted(set(articles) - set(kept))
    assert [name for _, name in problems.unknown] == strangers
    assert len(problems.repeated) == len(kept) - len(set(kept))
    assert bool(problems) == bool(problems.missing or strangers or len(kept) != len(set(kept)))


def test_default_order_is_sections_then_names() -> None:
    sections = {
        "b-mine": "Mining",
        "a-news": "News",
        "c-rights": "Human Rights",
        "a-rights": "Human Rights",
    }
    ordered, _ = running_order(sections, SECTIONS, None)
    assert ordered == ["a-news", "a-rights", "c-rights", "b-mine"]
