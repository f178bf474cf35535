"""The failures a user of psgnews can meet, each one exception class.

Every class derives from `PsgnewsError`, a `click.ClickException`, so the
command line prints "Error: ..." and exits with code 1 without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import click


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
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class PsgnewsError(click.ClickException):
    """Base class of every error psgnews reports to its user (exit code 1)."""

    exit_code = 1


class ContentError(PsgnewsError):
    """Raised when content or configuration files are invalid; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        super().__init__("\n".join(lines))

    def format_message(self) -> str:
        return "invalid content:\n" + self.message


class MembersError(PsgnewsError):
    """Raised when the members list cannot be read or has problems; nothing is sent."""

    @classmethod
    def listing(cls, shown: str, problems: list[str]) -> MembersError:
        """Return the error listing every problem found in the members list `shown`."""
        count = len(problems)
        plural = "s" if count != 1 else ""
        summary = f"{count} problem{plural} in {shown}; nothing was sent."
        return cls("\n".join([*problems, summary]))


class SmtpError(PsgnewsError):
    """Raised when the SMTP relay cannot be reached, refuses the login or refuses the sender."""


class JournalError(PsgnewsError):
    """Raised when the send journal cannot be opened or was written by something else."""


class SendSetupError(PsgnewsError):
    """Raised when sending is not set up: no smtp: settings, or a needed variable is unset."""


class RootNotFoundError(PsgnewsError):
    """Raised when no folder holding psgnews.yaml is found upward of the working folder."""


class IssueNotFoundError(PsgnewsError):
    """Raised when a command names an issue that has no folder under issues/."""


class LayoutError(PsgnewsError):
    """Raised when a layout or one of its templates cannot be found or rendered."""


class RenderError(PsgnewsError):
    """Raised when an output cannot be produced from valid content (e.g. the PDF renderer fails)."""


class HeaderInjectionError(PsgnewsError):
    """Raised when an email header value would contain a carriage return or line feed."""


class ScaffoldError(PsgnewsError):
    """Raised when `psgnews new` would overwrite an existing issue or article."""


class UnsafeURLError(PsgnewsError):
    """Raised when the PDF would read a URL outside the issue's folder and layouts."""


class ImageTooLargeError(PsgnewsError):
    """Raised when an image has more pixels than the PDF renderer accepts (a decompression bomb)."""


class RenderTimeoutError(PsgnewsError):
    """Raised when the PDF renderer runs past its time limit."""


class ExtractError(PsgnewsError):
    """Raised when `psgnews extract` cannot recover an issue's sources from a PDF."""


class EmailTooLargeError(PsgnewsError):
    """Raised when the HTML email is over Gmail's clipping size and clipping was not allowed."""


class RecipientError(PsgnewsError):
    """Raised when a recipient's address or unsubscribe link cannot go into an email header."""


class ListingError(PsgnewsError):
    """Raised when `psgnews import` cannot read a listing file (missing, or not UTF-8)."""


class ImportIncompleteError(PsgnewsError):
    """Raised when `psgnews import` left a listing line not understood or a conflict unresolved."""


class UnsafePathError(PsgnewsError):
    """Raised when psgnews would write or delete a file outside its folder or through a link."""


class BuildFailedError(PsgnewsError):
    """Raised after a multi-issue build when one or more issues failed; lists every failure."""
