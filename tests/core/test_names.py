from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from psgnews.core.names import article_name, did_you_mean, is_name, slugify


def test_slugify_keeps_ascii_words_joined_by_hyphens() -> None:
    assert slugify("Perú: Human Rights") == "peru-human-rights"
    assert slugify("Año de la minería en Perú") == "ano-de-la-mineria-en-peru"
    assert slugify("  T.R.C. -- 2006  ") == "t-r-c-2006"


def test_slugify_drops_apostrophes_straight_or_curly_alike() -> None:
    # The same title typed either way names the same file (import must find it again).
    assert slugify("Peru's mines") == "perus-mines"
    assert slugify("Peru’s mines") == "perus-mines"
    assert slugify("Peruʼs mines") == "perus-mines"


def test_slugify_numbers_a_name_already_taken() -> None:
    assert slugify("TRC", {"trc"}) == "trc-2"
    assert slugify("TRC", {"trc", "trc-2"}) == "trc-3"


def test_slugify_gives_the_fallback_for_text_with_no_letter_or_digit() -> None:
    assert slugify("¿¡!?") == "article"
    assert slugify("¿¡!?", fallback="topic") == "topic"


def test_slugify_with_a_limit_keeps_whole_words_that_fit() -> None:
    title = "Setbacks for Reparations Process: Debate over Ojo que Llora Monument"
    assert slugify(title, limit=40) == "setbacks-for-reparations-process-debate"
    assert slugify(title) == "setbacks-for-reparations-process-debate-over-ojo-que-llora-monument"
    assert slugify("a" * 50, limit=40) == "a" * 40  # one word too long is cut


def test_an_article_name_is_short_and_unique() -> None:
    assert article_name("Protests at Peru’s biggest goldmine") == (
        "protests-at-perus-biggest-goldmine"
    )
    long = article_name("Setbacks for Reparations Process: Debate over Ojo que Llora Monument")
    assert long == "setbacks-for-reparations-process-debate"
    assert article_name("Cocaine Figures Up", {"cocaine-figures-up"}) == "cocaine-figures-up-2"
    assert article_name("¿¡!?") == "article"


@given(st.text(max_size=80), st.sets(st.text(max_size=10), max_size=5))
def test_every_slug_is_a_name_not_taken(text: str, taken: set[str]) -> None:
    slug = slugify(text, taken)
    assert is_name(slug) and slug not in taken
    assert is_name(article_name(text)) and len(article_name(text)) <= 40


def test_is_name_takes_lower_case_letters_digits_and_hyphens() -> None:
    assert is_name("psg-aims") and is_name("2006")
    assert not is_name("-aims") and not is_name("Aims") and not is_name("") and not is_name("a b")


def test_did_you_mean_names_the_closest_known_name_or_nothing() -> None:
    assert did_you_mean("titel", ["summary", "title"]) == "did you mean 'title'?"
    assert did_you_mean("zzz", ["summary", "title"]) == ""
