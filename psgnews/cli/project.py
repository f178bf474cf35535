"""`psgnews init`: start a new project in a folder of its own."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from psgnews.cli.common import shown
from psgnews.content.starter import SETTINGS


def _options(command: click.Command) -> click.Command:
    """Give `command` one option per setting init asks for (--publication, --web-base-url...)."""
    for setting in reversed(SETTINGS):
        flag = "--" + setting.key.replace("_", "-")
        option = click.Option([flag, setting.key], help=f"{setting.question}.")
        command.params.insert(1, option)
    return command


@_options
@click.command("init", short_help="Start a new, empty project in folder DIR.")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
def init_command(folder: Path, **answers: str | None) -> None:
    """Start a new project in DIR (missing or empty): psgnews.yaml, issues/, .gitignore, README.

    Settings not given as options are asked for on a terminal; with no terminal
    they are left as placeholders, marked PLACEHOLDER in psgnews.yaml.
    """
    from psgnews.content import starter

    given = {key: value for key, value in answers.items() if value}
    if sys.stdin.isatty():
        for setting in SETTINGS:
            if setting.key not in given:
                default = None if setting.example else setting.placeholder
                given[setting.key] = click.prompt(setting.question, default=default)
    starter.create(folder, given)
    click.echo(f"created {shown(folder)}/: psgnews.yaml, issues/_standing/, .gitignore, README.md")
    if marked := [s.key for s in SETTINGS if s.key not in given]:
        click.echo(f"placeholders to change in psgnews.yaml: {', '.join(marked)}")
    click.echo(f"next: cd {shown(folder)} && psgnews new 1 --date YYYY-MM-DD")
