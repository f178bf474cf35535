"""Publishing to a real SFTP server (asyncssh's) on 127.0.0.1: only changes go, removals follow."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from tests.conftest import Run
from tests.sftpserver import PASSWORD, SftpServer


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SftpServer]:
    """The server, trusted by its known_hosts file, the password in the environment."""
    sftp = SftpServer(tmp_path / "server", tmp_path)
    monkeypatch.setenv("PSGNEWS_SSH_KNOWN_HOSTS", str(sftp.known_hosts))
    monkeypatch.setenv("PSGNEWS_SFTP_PASSWORD", PASSWORD)
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    try:
        yield sftp
    finally:
        sftp.close()


def published(server: SftpServer) -> set[str]:
    site = server.root / "site"
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_publish_sends_the_archive_then_nothing_then_removes_a_removed_issue(
    project: Path, server: SftpServer, run: Run
) -> None:
    assert run("--root", project, "build", "--all", "--format", "text").exit_code == 0
    first = run("--root", project, "publish", "--to", server.url())
    assert first.exit_code == 0, first.output
    files = published(server)
    assert {"index.html", "feed.xml", "119/index.html", ".psgnews-published.json"} <= files
    web = project / "build" / "web"
    assert (server.root / "site/119/index.html").read_bytes() == (
        web / "119/index.html"
    ).read_bytes()
    count = len(files) - 1
    assert first.output.splitlines()[-1].endswith(f"{count} sent, 0 removed, 0 unchanged")

    again = run("--root", project, "publish", "--to", server.url())
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == [
        "warning: no PDF in the archive for issue 117 118 119: build it first"
        " (psgnews build 117 118 119), or the archive links to none",
        f"published to {server.url()}: 0 sent, 0 removed, {count} unchanged",
    ]

    shutil.rmtree(project / "issues" / "117")
    gone = run("--root", project, "publish", "--to", server.url())
    assert gone.exit_code == 0, gone.output
    assert "removed: 117/index.html" in gone.output
    assert not (server.root / "site" / "117").exists()
    assert (server.root / "site/118/index.html").is_file()


def test_a_file_lost_on_the_server_is_sent_again(
    project: Path, server: SftpServer, run: Run
) -> None:
    assert run("--root", project, "publish", "--to", server.url()).exit_code == 0
    (server.root / "site" / "feed.xml").unlink()
    result = run("--root", project, "publish", "--to", server.url())
    assert "sent: feed.xml" in result.output.splitlines()
    assert "1 sent, 0 removed" in result.output


def test_dry_run_sends_nothing(project: Path, server: SftpServer, run: Run) -> None:
    result = run("--root", project, "publish", "--to", server.url(), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would send: index.html" in result.output
    assert result.output.splitlines()[-1].startswith("dry run, nothing sent: published to")
    assert not (server.root / "site").exists()


def test_a_key_from_the_environment_logs_in_without_a_password(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    key.write_private_key(str(tmp_path / "id_test"))
    sftp = SftpServer(tmp_path / "keyed", tmp_path, client_key=key)
    try:
        monkeypatch.setenv("PSGNEWS_SSH_KNOWN_HOSTS", str(sftp.known_hosts))
        monkeypatch.setenv("PSGNEWS_SSH_KEY", str(tmp_path / "id_test"))
        monkeypatch.delenv("PSGNEWS_SFTP_PASSWORD", raising=False)
        monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
        result = run("--root", project, "publish", "--to", sftp.url())
        assert result.exit_code == 0, result.output
        assert (sftp.root / "site" / "index.html").is_file()
    finally:
        sftp.close()


def test_a_wrong_password_is_refused_in_words(
    project: Path, server: SftpServer, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    monkeypatch.setenv("PSGNEWS_SFTP_PASSWORD", "wrong")
    result = run("--root", project, "publish", "--to", server.url())
    assert result.exit_code == 1
    assert f"cannot publish to {server.url()}: the server refused the login" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_host_key_is_refused(
    project: Path, server: SftpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    (tmp_path / "empty_known_hosts").write_text("")
    monkeypatch.setenv("PSGNEWS_SSH_KNOWN_HOSTS", str(tmp_path / "empty_known_hosts"))
    result = run("--root", project, "publish", "--to", server.url())
    assert result.exit_code == 1
    assert "the server's host key is not known" in result.output
    assert not (server.root / "site").exists()
