"""Copy a sample project: its settings, its issues and the repository's layouts."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def copy_sample(target: Path, source: Path = REPO) -> Path:
    """Copy `source`'s psgnews.yaml and issues/, and the repository's layouts, into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "psgnews.yaml", target / "psgnews.yaml")
    shutil.copytree(source / "issues", target / "issues")
    shutil.copytree(REPO / "layouts", target / "layouts")
    return target
