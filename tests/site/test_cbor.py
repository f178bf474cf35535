"""The CBOR of Pagefind's index files: read and written again byte for byte."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psgnews.site import cbor

VALUES: st.SearchStrategy[Any] = st.recursive(
    st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text() | st.binary(),
    lambda inner: st.lists(inner, max_size=5),
    max_leaves=20,
)


@given(VALUES)
def test_what_is_written_reads_back(value: Any) -> None:
    assert cbor.loads(cbor.dumps(value)) == value


def test_heads_take_their_shortest_form() -> None:
    assert cbor.dumps(23) == b"\x17"
    assert cbor.dumps(24) == b"\x18\x18"
    assert cbor.dumps(256) == b"\x19\x01\x00"
    assert cbor.dumps(-1) == b"\x20"
    assert cbor.dumps(["kind", [["Briefing", [1]]]]) == b"\x82dkind\x81\x82hBriefing\x81\x01"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x64ab", "runs past the end"),
        (b"\x01\x02", "after the CBOR value"),
        (b"\xa1\x01\x02", "not one Pagefind writes"),
        (b"\xf5", "not one Pagefind writes"),
    ],
)
def test_what_pagefind_does_not_write_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cbor.loads(data)


def test_other_values_are_refused() -> None:
    with pytest.raises(ValueError, match="no CBOR here for float"):
        cbor.dumps(1.5)
