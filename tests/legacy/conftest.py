"""The project the legacy tests import into."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with the sample's settings (PSG Aims, Why join the PSG? standing) and no issues."""
    folder = tmp_path / "root"
    folder.mkdir()
    shutil.copy(SAMPLE / "psgnews.yaml", folder / "psgnews.yaml")
    return folder
