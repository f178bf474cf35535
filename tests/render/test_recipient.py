"""The placeholder recipient of psgnews.yaml, and its unsubscribe settings."""

from __future__ import annotations

from pathlib import Path

from psgnews.content.project import open_root
from psgnews.render.recipient import Recipient, placeholder
from tests.conftest import SAMPLE, Run


def test_placeholder_uses_the_configured_links() -> None:
    recipient = placeholder(open_root(SAMPLE).config)
    assert recipient == Recipient(
        address="members@example.org",
        unsubscribe_url="https://www.example.org/unsubscribe",
        unsubscribe_mailto="mailto:unsubscribe@example.org?subject=unsubscribe",
    )
    assert recipient.unsubscribe_link == "https://www.example.org/unsubscribe"


def without_unsubscribe(project: Path) -> str:
    settings = project / "psgnews.yaml"
    text = settings.read_text()
    return text[: text.index("unsubscribe:")]


def test_without_unsubscribe_settings_members_write_to_the_sender(project: Path) -> None:
    (project / "psgnews.yaml").write_text(without_unsubscribe(project))
    recipient = placeholder(open_root(project).config)
    assert recipient.unsubscribe_url is None
    assert recipient.unsubscribe_link == "mailto:news@example.org?subject=unsubscribe"


def test_unsubscribe_settings_are_checked(project: Path, run: Run) -> None:
    (project / "psgnews.yaml").write_text(
        without_unsubscribe(project)
        + "unsubscribe:\n  mailto: not an address\n  url: http://www.example.org/u\n"
    )
    result = run("--root", project, "check")
    assert result.exit_code == 1
    assert (
        "psgnews.yaml:17:11: unsubscribe.mailto: 'not an address' is not an email address"
    ) in result.output
    assert "psgnews.yaml:18:8: unsubscribe.url: 'http://www.example.org/u' is not an https://" in (
        result.output
    )
