"""The canonical YAML form: libyaml writes only what it writes byte for byte as PyYAML does."""

from __future__ import annotations

import hashlib
import importlib
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from psgnews.content import yamlwrite

WORDS = st.one_of(
    st.text(alphabet="abz09_./-AZ", min_size=1, max_size=100),
    st.sampled_from(
        ["-", "---", "...", "null", "yes", "No", "007", "1", "0x1f", "1.5", "1e3", "-.5"]
    ),
    st.builds(lambda n: hashlib.sha256(n.to_bytes(8)).hexdigest(), st.integers(0, 2**63)),
)


def pure_python(data: dict[str, Any]) -> str:
    """Return `data` as PyYAML's own emitter writes it, in the canonical form."""
    return yaml.dump(data, Dumper=yamlwrite._Dumper, sort_keys=False, allow_unicode=True, width=78)


@given(st.dictionaries(WORDS, WORDS, max_size=20))
def test_a_mapping_of_words_is_written_as_pyyaml_writes_it(data: dict[str, str]) -> None:
    assert yamlwrite.words_only(data)
    assert yamlwrite.dump(data) == pure_python(data)


def test_the_import_record_is_written_by_libyaml_when_present() -> None:
    record = {f"117/item-{i}.yaml": hashlib.sha256(bytes([i])).hexdigest() for i in range(50)}
    assert yamlwrite.words_only(record)
    assert yamlwrite._WORDS_DUMPER.__name__ == "CSafeDumper"
    assert yamlwrite.dump(record) == pure_python(record)


def test_text_never_goes_to_libyaml_which_folds_it_otherwise() -> None:
    text = "a summary of the protest at the Yanacocha mine, with  two spaces " * 2 + "\n"
    data = {"title": "Protest", "body": text}
    assert not yamlwrite.words_only(data)
    assert yamlwrite.dump(data) == pure_python(data)
    libyaml = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, width=78)
    assert libyaml != pure_python(data)  # why text stays with PyYAML's emitter


@pytest.mark.parametrize(
    "data",
    [{"number": 117, "date": "2007-01-31"}, {"order": ["a", "b"]}, {"a b": "c"}, {"a": "é"}],
)
def test_anything_but_words_is_not_words_only(data: dict[str, Any]) -> None:
    assert not yamlwrite.words_only(data)


def test_without_libyaml_words_are_written_by_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(yaml, "CSafeDumper")
    try:
        plain = importlib.reload(yamlwrite)
        assert plain._WORDS_DUMPER is plain._Dumper
        assert plain.dump({"117/a.yaml": "0" * 64}) == "117/a.yaml: '" + "0" * 64 + "'\n"
    finally:
        monkeypatch.undo()
        importlib.reload(yamlwrite)
