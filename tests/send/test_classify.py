"""Each bounce of tests/fixtures/bounces/ (ours in MTAs' styles, and real ones) read as it should be."""

from __future__ import annotations

import pytest

from psgnews.send.classify import read_all
from psgnews.send.inbox import Mail
from tests.conftest import FIXTURES

BOUNCES = FIXTURES / "bounces"
REAL = BOUNCES / "flufl"  # captured from real MTAs: flufl.bounce's own test data


@pytest.mark.parametrize(
    ("name", "status", "address", "send"),
    [
        ("postfix-user-unknown.eml", "bounced", "gone@example.net", ""),
        ("exim-failed.eml", "bounced", "moved@example.com", ""),
        ("exchange-ndr.eml", "bounced", "left@example.com", ""),
        ("gmail-address-not-found.eml", "bounced", "nobody-here@example.com", ""),
        ("postfix-delayed.eml", "soft", "slow@example.com", "psg-update-119"),
    ],
)
def test_each_mtas_report_names_the_failed_address(
    name: str, status: str, address: str, send: str
) -> None:
    left: list[str] = []
    (sign,) = read_all([Mail(name, 7, (BOUNCES / name).read_bytes())], "psg-update", left)
    assert (sign.status, sign.address, sign.send, sign.uid) == (status, address, send, 7)
    assert left == []


def test_a_mailed_unsubscribe_is_known_by_its_token_and_an_auto_reply_is_neither() -> None:
    token = "0123456789abcdef" * 2
    mailed = f"From: Ana <ana@example.com>\r\nSubject: unsubscribe {token}\r\n\r\n".encode()
    vacation = (BOUNCES / "vacation.eml").read_bytes()
    left: list[str] = []
    (sign,) = read_all([Mail("a", 1, mailed), Mail("b", 2, vacation)], "psg-update", left)
    assert (sign.status, sign.token, sign.address) == ("unsubscribed", token, "")
    assert "mailed by ana@example.com" in sign.why
    assert left == [
        "b, <ooo-20261207-1100@example.com>: neither a bounce nor an unsubscribe; left as it is"
    ]


@pytest.mark.parametrize(
    ("name", "status", "address"),
    [
        ("postfix_04.txt", "bounced", "userx@mail1.example.com"),
        ("exim_01.txt", "bounced", "userx@its.example.nl"),
        ("microsoft_01.txt", "bounced", "userx@example.COM"),  # Exchange
        ("simple_17.txt", "bounced", "userx@example.com"),  # Gmail
        ("simple_28.txt", "soft", "userx@example.com"),  # Gmail's delay
        ("qmail_01.txt", "bounced", "userx@example.de"),
        ("yahoo_01.txt", "bounced", "userx@example.com"),
        ("dsn_06.txt", "soft", "userx@example.com"),
        ("groupwise_01.txt", "bounced", "userx@example.EDU"),
    ],
)
def test_real_bounces_of_many_mtas_name_the_failed_address(
    name: str, status: str, address: str
) -> None:
    left: list[str] = []
    (sign,) = read_all([Mail(name, 3, (REAL / name).read_bytes())], "psg-update", left)
    assert (sign.status, sign.address, sign.uid) == (status, address, 3)
    assert sign.why.startswith(f"a {'permanent' if status == 'bounced' else 'temporary'}")
    assert left == []


def test_a_real_report_naming_no_address_is_neither_and_nothing_is_guessed() -> None:
    left: list[str] = []
    raw = (REAL / "dumbass_01.txt").read_bytes()
    assert read_all([Mail("dumbass_01.txt", 1, raw)], "psg-update", left) == []
    assert len(left) == 1 and left[0].endswith(
        ": neither a bounce nor an unsubscribe; left as it is"
    )
