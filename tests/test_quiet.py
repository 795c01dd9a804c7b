"""Builds print what concerns the book, not optional-dependency notices or configuration dumps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO

CONF = """
import sys
sys.path.insert(0, {repo!r})
extensions = {extensions!r}
project = "Quiet"
ogp_social_cards = {{"enable": False}}
"""


def build_output(tmp_path: Path, extensions: list[str]) -> str:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "conf.py").write_text(CONF.format(repo=str(REPO), extensions=extensions))
    (tmp_path / "src" / "index.md").write_text("# Quiet\n\nText.\n")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(tmp_path / "src"), str(tmp_path / "out")],
        capture_output=True, text=True, check=True, timeout=120,
    )
    return done.stdout + done.stderr


def test_no_matplotlib_notice_and_no_myst_configuration(tmp_path: Path) -> None:
    output = build_output(tmp_path, ["exts.quiet", "myst_parser", "sphinxext.opengraph"])
    assert "build succeeded" in output
    assert "matplotlib is not installed" not in output
    assert "MdParserConfig" not in output


def test_without_the_extension_both_notices_appear(tmp_path: Path) -> None:
    """The two notices are real: the test above would catch their return."""
    output = build_output(tmp_path, ["myst_parser", "sphinxext.opengraph"])
    assert "matplotlib is not installed" in output
    assert "MdParserConfig" in output
