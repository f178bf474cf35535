"""Run the benchmarks' psgnews processes as they run on a user's machine."""

from __future__ import annotations

import os


def as_installed() -> None:
    """Let Python cache bytecode in every process this benchmark starts from now on."""
    # psgnews is installed editable here: with PYTHONDONTWRITEBYTECODE set (as in some
    # sandboxes), every run compiles psgnews from source again, which no installation does.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
