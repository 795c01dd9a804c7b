"""Shared fixtures: sphinx.testing with the roots under tests/roots/."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
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


def require_module(name: str):
    """A Python module a test needs (e.g. playwright); skip without it, fail in CI.

    ``pytest.importorskip`` would skip in CI too, hiding a missing install step.
    """
    try:
        return importlib.import_module(name)
    except ImportError as err:
        message = f"Python module {name} is not installed ({err})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}, and CI must run every check (see .ci/run)")
        pytest.skip(message)


def require_file(path: Path, how: str) -> Path:
    """A file a test needs (e.g. axe-core from npm); skip without it, fail in CI."""
    if not path.is_file():
        message = f"{path} is missing ({how})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}, and CI must run every check (see .ci/run)")
        pytest.skip(message)
    return path


def warning_lines(app) -> list[str]:
    """The build's warnings, one per line, without terminal colours."""
    from sphinx.util.console import strip_colors

    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if "WARNING" in line]


def sphinx_build(builder: str, outdir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run the real sphinx-build on the real book, as `make` does."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-c", str(REPO), *options,
         "-b", builder, "-d", str(outdir.parent / f"doctrees-{outdir.name}"), str(REPO / "source"), str(outdir)],
        capture_output=True, text=True, check=False, timeout=1200,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):
    """Build each format once per session; the result maps builder to outdir."""
    cache: dict[str, Path] = {}

    def build(builder: str) -> Path:
        if builder not in cache:
            outdir = tmp_path_factory.mktemp("realbook") / builder
            result = sphinx_build(builder, outdir)
            assert result.returncode == 0, f"{builder} build failed:\n{result.stderr}"
            assert result.stderr == "", result.stderr
            cache[builder] = outdir
        return cache[builder]

    return build


