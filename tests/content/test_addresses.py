"""One check of an email address, for psgnews.yaml, the members list and `send --test`."""

from __future__ import annotations

from pathlib import Path

import pytest

from psgnews.content import yamlread
from psgnews.content.addresses import email_address
from psgnews.content.schema import validate
from psgnews.content.settings import Config
from tests.conftest import SAMPLE


def test_an_address_comes_back_as_a_server_should_get_it() -> None:
    assert email_address("ana@EXAMPLE.org") == "ana@example.org"
    assert email_address("zoe@exämple.org") == "zoe@xn--exmple-cua.org"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("bob@", "There must be something after the @-sign."),
        ("a..b@example.org", "An email address cannot have two periods in a row."),
        ("josé@example.org", ""),
        ("news@example.invalid", "special-use or reserved name"),
    ],
)
def test_an_address_that_is_not_one_says_why(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=f"^{text!r} is not a valid address: ") as caught:
        email_address(text)
    assert why in str(caught.value)


def settings(tmp_path: Path, sender: str) -> yamlread.Document:
    text = (SAMPLE / "psgnews.yaml").read_text().replace("news@example.org", sender)
    (tmp_path / "psgnews.yaml").write_text(text)
    return yamlread.read(tmp_path / "psgnews.yaml", "psgnews.yaml")


def test_the_settings_check_their_addresses_by_the_same_rule(tmp_path: Path) -> None:
    doc = settings(tmp_path, "a..b@example.org")
    assert validate(Config, doc) is None
    assert [str(p) for p in doc.problems] == [
        "psgnews.yaml:11:12: sender.address: 'a..b@example.org' is not an email address"
        " like news@example.org"
    ]


def test_the_settings_keep_an_address_as_a_server_should_get_it(tmp_path: Path) -> None:
    config = validate(Config, settings(tmp_path, "news@exämple.org"))
    assert config is not None and config.sender.address == "news@xn--exmple-cua.org"
