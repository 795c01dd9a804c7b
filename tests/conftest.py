"""Shared fixtures: sphinx.testing with the roots under tests/roots/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def require_tool(name: str) -> str:
    """Path of a system tool; skip on a laptop without it, fail in CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{message}, and CI must test every format (see .ci/run)")
        pytest.skip(message)
    return path


def warning_lines(app) -> list[str]:
    """The build's warnings, one per line, without terminal colours."""
    from sphinx.util.console import strip_colors

    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if "WARNING" in line]
