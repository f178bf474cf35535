from __future__ import annotations

import datetime
import email
import hashlib
import hmac
from email.message import EmailMessage
from email.policy import SMTP, default
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psgnews.content.load import load_issue
from psgnews.content.model import Issue
from psgnews.content.project import open_root
from psgnews.render import documents, eml
from psgnews.send import mailmerge
from psgnews.send.mailmerge import MemberCopies, _encode
from psgnews.send.members import MAX_NAME, Member
from tests.conftest import plain_text

PDF = b"%PDF-1.7\n% a stand-in: the PDF is attached as it is\n%%EOF\n"
SECRET = b"a secret of at least sixteen bytes"
MEMBERS = [
    Member("ana@example.org", "Ana", "email", True, 2),
    Member("bob@example.org", "", "email", True, 3),
    Member("carol@example.org", 'Carol & <Dan> "the Elder"', "email", True, 4),
    Member(
        "jose.maria.fernandez-de-la-cruz@example.org",
        "José María Fernández de la Cruz y Gutiérrez",
        "pdf",
        True,
        5,
    ),
    Member("eve@example.org", "Eve", "pdf", True, 6),
    Member("zoe@xn--exmple-qta.org", "Zoë", "email", True, 7),
]


@pytest.fixture(scope="module")
def issue(tmp_path_factory: pytest.TempPathFactory) -> Issue:
    from tests.conftest import copy_project

    return load_issue(open_root(copy_project(tmp_path_factory.mktemp("merge"))), 119)


def parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=default)
    assert isinstance(msg, EmailMessage)
    return msg


def words(value: object) -> str:
    return " ".join(str(value).split())


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.address)
def test_each_copy_reads_exactly_as_eml_compose_makes_it(issue: Issue, member: Member) -> None:
    copies = MemberCopies(issue, PDF, SECRET)
    ours = parse(copies.compose(member))
    pdf = PDF if member.format == "pdf" else None
    reference = parse(eml.compose(issue, copies.recipient(member), pdf=pdf).as_bytes(policy=SMTP))
    assert not ours.defects and all(not part.defects for part in ours.walk())
    assert list(ours.keys()) == list(reference.keys())
    for name in list(reference.keys()):
        if name not in ("Content-Type", "Date"):  # the boundary and the time made differ
            assert words(ours[name]) == words(reference[name]), name
    sent = ours["Date"].datetime  # the moment it is made, not the issue's date
    assert abs(sent - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=5)
    assert reference["Date"].datetime.date() == issue.date
    pairs = list(zip(ours.walk(), reference.walk(), strict=True))
    for mine, theirs in pairs:
        assert mine.get_content_type() == theirs.get_content_type()
        if not mine.is_multipart():
            assert mine.get_content() == theirs.get_content()
    if member.name:
        assert f"Dear {member.name}," in plain_text(ours)


def test_every_line_fits_smtp_and_the_list_unsubscribe_header_stays_plain(issue: Issue) -> None:
    copies = MemberCopies(issue, PDF, SECRET)
    for member in MEMBERS[:5]:
        raw = copies.compose(member)
        assert max(len(line) for line in raw.split(b"\r\n")) <= 998
        assert b"\n" not in raw.replace(b"\r\n", b"")
        head = raw.split(b"\r\n\r\n")[0].decode("ascii")
        field = head[head.index("List-Unsubscribe:") :].split("\r\nList-Unsubscribe-Post")[0]
        assert "=?" not in field  # an encoded word would break the link for mail clients
        token = hmac.new(SECRET, member.address.lower().encode(), hashlib.sha256).hexdigest()[:32]
        assert f"&token={token}>" in field
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in head


def test_message_ids_are_stable_per_member_and_differ_between_members(issue: Issue) -> None:
    first, again = MemberCopies(issue, PDF, SECRET), MemberCopies(issue, PDF, SECRET)
    ids = [first.message_id(m) for m in MEMBERS]
    assert ids == [again.message_id(m) for m in MEMBERS]
    assert len(set(ids)) == len(ids)
    assert parse(first.compose(MEMBERS[0]))["Message-ID"] == ids[0]


def test_the_issue_is_rendered_once_per_kind_of_copy_not_per_member(
    issue: Issue, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    for name in ("email_html", "text"):
        original = getattr(documents, name)

        def counted(
            *args: object, _name: str = name, _original: object = original, **kw: object
        ) -> str:
            calls.append(_name)
            return _original(*args, **kw)  # type: ignore[operator, no-any-return]

        monkeypatch.setattr(documents, name, counted)
    copies = MemberCopies(issue, PDF, SECRET)
    for number in range(200):
        fmt = "pdf" if number % 3 == 0 else "email"
        copies.compose(
            Member(f"m{number}@example.org", f"M {number}" if number % 2 else "", fmt, True, number)
        )
    assert calls.count("email_html") == 4 and calls.count("text") == 4  # email/pdf × named/not


# Any text but line ends (and lone surrogates, which no str from a template holds).
line = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=200)
lines = st.lists(line, min_size=1, max_size=5)


@given(lines, lines)
def test_encoding_runs_of_lines_apart_gives_the_encoding_of_the_whole(
    first: list[str], second: list[str]
) -> None:
    a, b = "\n".join(first) + "\n", "\n".join(second) + "\n"
    assert _encode(a) + _encode(b) == _encode(a + b)


def test_the_line_length_is_the_one_eml_compose_uses() -> None:
    assert default.max_line_length == mailmerge.LINE_LENGTH


def test_a_sample_project_without_secret_cannot_make_links(tmp_path: Path) -> None:
    from tests.conftest import copy_project

    issue = load_issue(open_root(copy_project(tmp_path)), 119)
    with pytest.raises(ValueError, match="secret"):
        MemberCopies(issue, None, None).compose(MEMBERS[0])


@pytest.mark.parametrize("name", ["A" * MAX_NAME, "Ñ" * MAX_NAME, "Ana " * (MAX_NAME // 4)])
def test_the_longest_name_a_member_may_have_fits_smtp(issue: Issue, name: str) -> None:
    member = Member("ana@example.org", name, "email", True, 2)
    raw = MemberCopies(issue, PDF, SECRET).compose(member)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
