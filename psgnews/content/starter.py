"""`psgnews init`: a new, empty project (settings, one standing piece, .gitignore, README)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from psgnews.core.errors import ContentError, ProjectError
from psgnews.core.paths import CONFIG

PLACEHOLDER = "# PLACEHOLDER: "  # marks a setting init could not ask for; change it before sending


@dataclass(frozen=True)
class Setting:
    """One setting init asks for: its key, its question, and the placeholder it falls back to."""

    key: str
    question: str
    placeholder: str
    example: bool = False  # the placeholder is an example.org address, never the Group's own


SETTINGS = (
    Setting("publication", "Publication (who sends it)", "Peru Support Group"),
    Setting("newsletter", "Newsletter's name", "Update"),
    Setting("short_name", "Short name (starts the files' names)", "psg"),
    Setting("web_base_url", "Web address of the archive", "https://www.example.org/updates/", True),
    Setting("sender_address", "Sender's email address", "news@example.org", True),
    Setting("sections", "Sections, comma-separated", "News"),
)

SETTINGS_TEXT = """\
# psgnews settings: see the README beside this file.
publication: {publication}{publication_mark}
short_name: {short_name}{short_name_mark}
newsletter: {newsletter}{newsletter_mark}
sections:{sections_mark}
{sections}
web_base_url: {web_base_url}{web_base_url_mark}
sender:
  name: {publication}{publication_mark}
  address: {sender_address}{sender_address_mark}
recipient: {sender_address}  # the To: of the .eml; each member's own replaces it when sending
standing:                    # printed at the end of every issue: issues/_standing/<name>.yaml
  - about-us
# unsubscribe:               # the footer link and List-Unsubscribe of each email
#   mailto: unsubscribe@example.org
#   url: https://www.example.org/unsubscribe
# smtp:                      # the relay `psgnews send` uses; login from PSGNEWS_SMTP_USER/_PASSWORD
#   host: smtp.example.org
#   port: 587
#   tls: starttls
# publish:                   # where `psgnews publish` uploads build/web/ (see the README)
#   to: sftp://user@www.example.org/var/www/updates
"""

STANDING_PIECE = """\
title: About us
body: |
  A few lines printed at the end of every issue: who we are, and how to join.
  Edit this file, or add others and list them under `standing:` in psgnews.yaml.
"""

GITIGNORE = """\
# Outputs: rebuilt from the sources by `psgnews build`.
/build/
# Member lists hold people's addresses: never commit them.
*members*.csv
# The sending record (who was sent what): it holds members' addresses, so it is
# kept out of git; back it up with the member lists. Never delete it.
/sent/
# Secrets: keep passwords in PSGNEWS_ variables or the SSH agent, not in files.
.env
*.env
*.key
*.pem
id_*
"""

README = """\
# {publication}: {newsletter}

This folder holds the {newsletter} as plain files, compiled by psgnews.

```sh
psgnews new 1 --date 2026-01-31             # start issue 1: issues/1/issue.yaml
psgnews new 1 --article "A title"           # add an article: issues/1/a-title.yaml
psgnews check                               # every problem, with its file and line
psgnews serve --open                        # a live preview in the browser while you edit
psgnews build 1                             # build/1/: the email, plain text, .eml and PDF
psgnews publish                             # upload the web archive (publish: in psgnews.yaml)
psgnews send 1 --members members.csv        # to every member, once each
```

- `psgnews.yaml`: the settings. Set each line marked PLACEHOLDER, then delete
  its mark: `check` warns of them and `send` refuses to send until they are gone.
- `issues/<N>/`: one issue; `issue.yaml` and one YAML file per article.
- `issues/_standing/`: pieces printed at the end of every issue.
- `members.csv` (email,name,format,status) is kept out of git by `.gitignore`:
  it holds people's addresses. Passwords go in `PSGNEWS_` variables, never in files.
- An article with `draft: true` is marked in previews and cannot be sent.
"""


def settings_text(answers: dict[str, str]) -> str:
    """Return psgnews.yaml for `answers` (by key); a missing answer is a marked placeholder."""
    values: dict[str, str] = {}
    for setting in SETTINGS:
        given = answers.get(setting.key)
        unset = not given or (setting.example and given == setting.placeholder)
        values[f"{setting.key}_mark"] = f"  {PLACEHOLDER}{setting.question}" if unset else ""
        value = given or setting.placeholder
        if setting.key == "sections":
            names = [s.strip() for s in value.split(",") if s.strip()] or [setting.placeholder]
            values["sections"] = "\n".join(
                f"  - {json.dumps(s, ensure_ascii=False)}" for s in names
            )
        else:
            values[setting.key] = _quoted(value)
    return SETTINGS_TEXT.format(**values)


def _quoted(value: str) -> str:
    """Return `value` as a YAML double-quoted string (JSON's strings are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def create(target: Path, answers: dict[str, str]) -> list[Path]:
    """Write a new project into `target` (missing or empty); refuse settings that do not check."""
    # Imported here, not above: the command line reads SETTINGS to make its options.
    from psgnews.content import yamlread
    from psgnews.content.schema import validate
    from psgnews.content.settings import Config
    from psgnews.core.write import write_folder

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ProjectError(f"{target} is not empty: init starts a project in a new, empty folder")
    text = settings_text(answers)
    doc = yamlread.Document(CONFIG)
    yamlread.parse_into(doc, text)
    config = validate(Config, doc)
    if config is None or doc.problems:
        raise ContentError(doc.problems)
    files = {
        CONFIG: text,
        "issues/_standing/about-us.yaml": STANDING_PIECE,
        ".gitignore": GITIGNORE,
        "README.md": README.format(publication=config.publication, newsletter=config.newsletter),
    }
    return write_folder(target, {name: data.encode("utf-8") for name, data in files.items()})
