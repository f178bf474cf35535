"""The shape of `psgnews.yaml`: the Group's settings, as frozen dataclasses pydantic checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from psgnews.content.fields import (
    STRICT,
    EmailAddress,
    EndpointUrl,
    EnvName,
    FileWords,
    Limits,
    Name,
    OneLine,
    PlainText,
    WebUrl,
    WholeNumber,
)


@dataclass(frozen=True, kw_only=True)
class Sender:
    """Who the email is from."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    name: OneLine
    """The name members see in the From: header."""
    address: EmailAddress
    """The address the email comes from (and replies go to)."""
    bounces: EmailAddress | None = None
    """The envelope sender (MAIL FROM) of each copy, where bounces go; without it, `address`."""


@dataclass(frozen=True, kw_only=True)
class Unsubscribe:
    """Where a member unsubscribes: the email's footer link and List-Unsubscribe header."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    mailto: EmailAddress
    """The address members write to, to leave."""
    url: EndpointUrl | None = None
    """The page of `psgnews unsubscribe-server`: one click unsubscribes; without it, by mail."""
    secret_env: EnvName = "PSGNEWS_UNSUBSCRIBE_SECRET"
    """The environment variable holding the secret that keys the links' tokens."""
    export_secret_env: EnvName = "PSGNEWS_UNSUBSCRIBE_EXPORT_SECRET"
    """The variable holding the secret of the page's export for `members sync` (not the key)."""


@dataclass(frozen=True, kw_only=True)
class Smtp:
    """psgnews.yaml's smtp: the relay that delivers to members (login from the environment)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    host: OneLine
    """The relay's host name: the Group's provider, or its own Postfix."""
    port: Annotated[WholeNumber, Limits(gt=0, lt=65536)]
    """The relay's port: usually 587 with starttls, 465 with implicit TLS."""
    tls: Literal["starttls", "implicit", "none"]
    """How the connection is encrypted; `none` only for a relay on this machine."""
    user_env: EnvName = "PSGNEWS_SMTP_USER"
    """The environment variable holding the login's user name."""
    password_env: EnvName = "PSGNEWS_SMTP_PASSWORD"
    """The environment variable holding the login's password."""
    timeout: Annotated[float, Limits(gt=0)] = 60
    """Seconds to wait for the relay before giving up on a connection."""
    retries: Annotated[WholeNumber, Limits(ge=0, le=20)] = 4
    """How many times a member's copy is tried again after a 4xx reply."""
    retry_delay: Annotated[float, Limits(ge=0, le=3600)] = 5
    """Seconds before the first retry, doubled on each one after."""


@dataclass(frozen=True, kw_only=True)
class Publish:
    """psgnews.yaml's publish: where `psgnews publish` uploads the web archive."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    to: OneLine
    """Where the archive goes: a folder, sftp://[user@]host[:port]/path, or rsync:DEST."""
    user_env: EnvName = "PSGNEWS_SFTP_USER"
    """The environment variable holding the SFTP user, when the address names none."""
    password_env: EnvName = "PSGNEWS_SFTP_PASSWORD"
    """The environment variable holding the SFTP password; unset, the SSH agent's keys are used."""


@dataclass(frozen=True, kw_only=True)
class Mailbox:
    """psgnews.yaml's mailbox: the IMAP mailbox `members sync` reads bounces and unsubscribes in."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    host: OneLine
    """The IMAP server's host name."""
    port: Annotated[int, Limits(gt=0, lt=65536)] = 993
    """The IMAP server's port: 993 with implicit TLS, 143 with starttls."""
    tls: Literal["implicit", "starttls", "none"] = "implicit"
    """How the connection is encrypted; `none` sends the password in clear."""
    user: OneLine
    """The mailbox's login name."""
    password_env: EnvName = "PSGNEWS_MAILBOX_PASSWORD"
    """The environment variable holding the mailbox's password."""
    folder: OneLine = "INBOX"
    """The folder bounces and mailed unsubscribes arrive in."""
    processed: OneLine = "psgnews-processed"
    """The folder read messages are moved to; they are never deleted."""


@dataclass(frozen=True, kw_only=True)
class Config:
    """psgnews.yaml: the publication's settings."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    publication: OneLine
    """The Group's name, as mastheads and footers print it."""
    short_name: Name = "psg"
    """The prefix of output file names (psg-update-119.pdf)."""
    newsletter: FileWords = "Update"
    """The newsletter's name, in titles and output file names."""
    sections: Annotated[tuple[OneLine, ...], Limits(min_length=1)]
    """The sections articles are filed in, in running order."""
    web_base_url: WebUrl
    """Where the web archive is published (file:// too, to preview the email's images)."""
    sender: Sender
    """Who the email is from."""
    recipient: EmailAddress
    """The To: address of the .eml a build writes (members' copies name each member)."""
    standing: tuple[Name, ...] = ()
    """The pieces of issues/_standing/ every issue prints at its end, in order."""
    unsubscribe: Unsubscribe | None = None
    """How members unsubscribe; without it, they are asked to write to the sender."""
    smtp: Smtp | None = None
    """The relay `psgnews send` delivers through."""
    publish: Publish | None = None
    """Where `psgnews publish` uploads the web archive."""
    mailbox: Mailbox | None = None
    """The IMAP mailbox `members sync` reads bounces and mailed unsubscribes in."""
    join_url: WebUrl | None = None
    """The page where a reader becomes a member; bodies may link to it as [text][join]."""
    postal_address: PlainText | None = None
    """The Group's postal address, shown in the email's footer when given."""
    charity_registration: OneLine | None = None
    """E.g. "Registered charity no. ...", shown in the email's footer when given."""


def series(config: Config) -> str:
    """Return the name every issue's files start with, e.g. "psg-update"."""
    return f"{config.short_name}-{config.newsletter.lower().replace(' ', '-')}"
