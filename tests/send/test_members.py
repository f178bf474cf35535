from __future__ import annotations

from pathlib import Path

import pytest

from psgnews.core.errors import SendError
from psgnews.send.members import check_address, parse_members, read_members, skipped_counts


def test_a_spreadsheet_export_is_read() -> None:
    text = (
        "\ufeffEmail , Name,FORMAT,Status,Notes\r\n"
        "ana@example.org,Ana Pérez,email,active,joined 2005\r\n"
        "\r\n"
        '"bob@Example.ORG","Bob ""The Builder"", Jr",PDF,Active,\r\n'
        "carol@example.org,,email,unsubscribed,moved away\r\n"
        "dan@example.org,Dan,pdf,Bounced,\r\n"
    )
    members = parse_members(text)
    assert [(m.address, m.name, m.format, m.active, m.line, m.status) for m in members] == [
        ("ana@example.org", "Ana Pérez", "email", True, 2, "active"),
        ("bob@example.org", 'Bob "The Builder", Jr', "pdf", True, 4, "active"),
        ("carol@example.org", "", "email", False, 5, "unsubscribed"),
        ("dan@example.org", "Dan", "pdf", False, 6, "bounced"),
    ]
    assert skipped_counts(members) == {"unsubscribed": 1, "bounced": 1}


def test_accented_domains_go_in_ascii_and_accented_mailboxes_are_refused() -> None:
    (member,) = parse_members("email,name,format,status\nana@exámple.org,Ana,email,active\n")
    assert member.address == "ana@xn--exmple-qta.org"
    assert check_address(" ana@EXAMPLE.org ") == "ana@example.org"
    with pytest.raises(SendError, match=r"'josé@example\.org' is not a valid address"):
        check_address("josé@example.org")


BAD = {
    "bad-address": (
        "email,name,format,status\nana@example.org,Ana,email,active\nbob@@example.org,Bob,email,active\n",
        ["members.csv:3: email: 'bob@@example.org' is not a valid address"],
    ),
    "reserved-domain": (
        "email,name,format,status\nana@example.invalid,Ana,email,active\n",
        ["members.csv:2: email: 'ana@example.invalid' is not a valid address"],
    ),
    "duplicate": (
        "email,name,format,status\nana@example.org,Ana,email,active\nx@example.org,X,pdf,active\nANA@example.org,Ana,pdf,active\n",
        ["members.csv:4: email: ANA@example.org is listed twice (first on line 2)"],
    ),
    "unknown-format": (
        "email,name,format,status\nana@example.org,Ana,paper,active\n",
        ["members.csv:2: format: 'paper' is not one of email, pdf"],
    ),
    "unknown-status": (
        "email,name,format,status\nana@example.org,Ana,email,\n",
        ["members.csv:2: status: an empty value is not one of active, unsubscribed, bounced"],
    ),
    "missing-column": (
        "email,name,status\nana@example.org,Ana,active\n",
        ["members.csv:1: the header has no format column"],
    ),
    "extra-field": (
        "email,name,format,status\nana@example.org,Ana,email,active,surplus\n",
        ["members.csv:2: 5 fields, but the header names 4 columns"],
    ),
    "multi-line-record": (
        'email,name,format,status\n"ana@example.org","Ana\nPérez",email,active\nbad,B,email,active\n',
        [
            "members.csv:2: name: contains a line break or control character",
            "members.csv:4: email: 'bad' is not a valid address",
        ],
    ),
    "empty": ("", ["members.csv:1: the file is empty; the first line must name the columns"]),
    # Line breaks to Python (str.splitlines) and to mail clients, though not CR or LF.
    "unicode-line-breaks": (
        "email,name,format,status\na@example.org,Ana\u0085Bcc: x,email,active\n"
        "b@example.org,Bob\u2028Bcc: x,email,active\nc@example.org,C\u2029x,email,active\n",
        [
            "members.csv:2: name: contains a line break or control character",
            "members.csv:3: name: contains a line break or control character",
            "members.csv:4: name: contains a line break or control character",
        ],
    ),
    # A To: line longer than SMTP's 998 characters, which no fold can shorten.
    "long-name": (
        "email,name,format,status\nana@example.org," + "A" * 2000 + ",email,active\n",
        ["members.csv:2: name: is 2,000 characters long; a name has at most 200"],
    ),
    "encoded-word": (
        "email,name,format,status\nana@example.org,=?utf-8?q?Ana=0D=0ABcc:_x@example.org?=,email,active\n",
        ["members.csv:2: name: is an encoded word (=?...?=); write the name as plain text"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_bad_list_names_the_line_and_field(case: str) -> None:
    text, expected = BAD[case]
    with pytest.raises(SendError) as raised:
        parse_members(text)
    lines = str(raised.value).splitlines()
    for want in expected:
        assert any(line.startswith(want) for line in lines), (want, lines)
    assert lines[-1].endswith("nothing was sent.")
    assert len(lines) == len(expected) + 1


def test_every_problem_is_listed_at_once() -> None:
    text = "email,name,format,status\nx@@y,,email,active\nok@example.org,,fax,gone\n"
    with pytest.raises(SendError) as raised:
        parse_members(text)
    assert str(raised.value).splitlines()[-1] == "3 problems in members.csv; nothing was sent."


def test_a_file_not_in_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(b"email,name,format,status\nana@example.org,Ana P\xe9rez,email,active\n")
    with pytest.raises(SendError, match=r"list.csv:2: not UTF-8 text"):
        read_members(path)
