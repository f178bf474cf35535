"""The exceptions are plain, each documented, and survive the trip between processes."""

from __future__ import annotations

import inspect
import pickle

import pytest

from psgnews.core import errors
from psgnews.core.errors import (
    ContentError,
    Problem,
    PsgnewsError,
    RenderError,
    SendError,
    SmtpError,
)

CLASSES = [
    c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, BaseException)
]


def test_every_error_is_a_plain_exception_under_psgnews_error() -> None:
    for kind in CLASSES:
        assert issubclass(kind, PsgnewsError)
        outside = [
            c for c in kind.__mro__ if c.__module__ not in ("psgnews.core.errors", "builtins")
        ]
        assert outside == [], f"{kind.__name__} derives from {outside}"


def test_every_error_says_when_it_is_raised() -> None:
    for kind in CLASSES:
        doc = inspect.getdoc(kind) or ""
        assert doc.startswith("Raised ") or kind is PsgnewsError, kind.__name__


def test_the_hierarchy_is_small() -> None:
    assert len(CLASSES) <= 13  # PublishError made it 13


def test_a_content_error_lists_its_problems_under_a_heading_then_counts_them() -> None:
    error = ContentError(
        [Problem("b.yaml", 2, 1, "title", "required"), Problem("a.yaml", 1, 1, "", "empty")]
    )
    assert str(error) == (
        "invalid content:\n"
        "a.yaml:1:1: empty\n"
        "b.yaml:2:1: title: required\n"
        "2 problems found; nothing was written."
    )


@pytest.mark.parametrize(
    "error",
    [
        ContentError([Problem("a.yaml", 1, 1, "title", "required")]),
        RenderError("issue 5: the PDF renderer reported: x"),
        SmtpError("the relay refused the login"),
    ],
)
def test_an_error_pickles_to_its_own_kind_and_message(error: PsgnewsError) -> None:
    # The PDF renderer's process sends its errors to the parent through a pipe.
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error)


def test_a_failing_relay_is_a_send_error() -> None:
    assert issubclass(SmtpError, SendError)


def test_a_problem_is_one_line_whatever_its_field_and_message_hold() -> None:
    problem = Problem("x.yaml", 4, 1, "ti\ntle", 'not a date ("31\r\nJan\u2028\x00\x1b[2J")')
    assert str(problem) == 'x.yaml:4:1: ti\\ntle: not a date ("31\\r\\nJan\\u2028\\x00\\x1b[2J")'
    assert str(Problem("x.yaml", 1, 1, "", "Perú’s… fine")) == "x.yaml:1:1: Perú’s… fine"
