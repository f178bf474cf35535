"""Golden email HTML and plain text for the sample issues.

After an intended change to a template, regenerate them with `make golden`
(PSGNEWS_REGENERATE_GOLDEN=1) and review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from psgnews.content.load import load_issue
from psgnews.project import open_root
from psgnews.render import documents
from tests.conftest import REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("PSGNEWS_REGENERATE_GOLDEN") == "1"
OUTPUTS = {"html": documents.email_html, "txt": documents.text}


@pytest.mark.parametrize("number", [117, 118, 119])
@pytest.mark.parametrize("kind", sorted(OUTPUTS))
def test_matches_golden(number: int, kind: str) -> None:
    issue = load_issue(open_root(REPO), number)
    produced = OUTPUTS[kind](issue)
    golden = GOLDEN / f"psg-update-{number}.{kind}"
    if REGENERATE:
        golden.write_text(produced, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run `make golden`"
    assert produced == golden.read_text(encoding="utf-8")
