"""The failures a user of psgnews can meet: plain exceptions, one class per kind of failure.

The message of each is what the user reads after "Error: "; only `psgnews.cli`
turns them into that line and an exit code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a content file: `file:line:column: field: message`."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        field = f"{self.field}: " if self.field else ""
        # One problem, one line: a value echoed with its line breaks would look like several.
        return printable(f"{where}: {field}{self.message}")


# Line breaks (as Python and terminals read them) and the control characters a terminal acts on.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(line: str) -> str:
    """Return `line` of a message with each line break and control character as an escape."""
    return _UNPRINTABLE.sub(lambda m: ascii(m[0])[1:-1], line)


class PsgnewsError(Exception):
    """Base class of every failure psgnews reports to its user; the message says what to do."""


class ProjectError(PsgnewsError):
    """Raised when no psgnews.yaml is found, or a command names an issue the project lacks.

    Also when `psgnews new` would overwrite an issue or is given a title it cannot use.
    """


class ContentError(PsgnewsError):
    """Raised when content or settings files are invalid; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        lines = ["invalid content:", *map(str, self.problems)]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        return ContentError, (self.problems,)  # rebuilt from its problems in another process


class RenderError(PsgnewsError):
    """Raised when an output cannot be made from valid content.

    A template is missing or fails; an email header would carry a line break or
    an address that is not one; the PDF renderer fails, runs past its time
    limit, or is refused a file (outside the issue, or an image of too many pixels);
    Pagefind fails on the web archive's pages, or does not finish.
    """


class EmailTooLargeError(PsgnewsError):
    """Raised when the HTML email is over Gmail's clipping size and clipping was not allowed."""


class ExtractError(PsgnewsError):
    """Raised when `psgnews extract` cannot recover an issue's sources from a PDF."""


class UnsafePathError(PsgnewsError):
    """Raised when psgnews would write or delete a file outside its folder or through a link.

    Also when the machine refuses a write or deletion: a read-only folder, a full disk.
    """


class UnreadableFileError(PsgnewsError):
    """Raised when a file psgnews would read is a link, a special file, or over its size limit."""

    def __init__(self, path: object, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self) -> tuple[type[UnreadableFileError], tuple[object, str]]:
        return UnreadableFileError, (self.path, self.reason)  # rebuilt in another process


class BuildFailedError(PsgnewsError):
    """Raised after a multi-issue build when one or more issues failed; lists every failure."""


class SendError(PsgnewsError):
    """Raised before or while sending when nothing more can be sent.

    Sending is not set up (no smtp: settings, a variable unset), the members list
    has problems, or the send journal is in use or was written by something else.
    """


class SmtpError(SendError):
    """Raised when the SMTP relay cannot be reached, refuses the login or refuses the sender."""


class PublishError(PsgnewsError):
    """Raised when `psgnews publish` has nowhere to publish, or the target cannot be reached.

    No `publish:` setting nor --to; an SFTP server refusing the login or an unknown host
    key; rsync missing or failing; a target folder that is the archive itself.
    """


class ImportFailedError(PsgnewsError):
    """Raised when `psgnews import` cannot read a listing, or leaves it partly imported.

    A listing is missing or not in a known encoding; or a line was not understood,
    or a file in conflict was left as it is.
    """
