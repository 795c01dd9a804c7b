"""`make validate` (tools/validate.py) reports every warning on every run, in every format."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, ROOTS

UNKNOWN = (
    r"chapters/beta\.md:3: WARNING: unknown citation key 'nosuch2099'.* "
    r"\[works-cited\.unknown-key\]"
)


def book(tmp_path: Path) -> Path:
    """The hostile root, with what EPUB needs, so a clean copy passes every format."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-hostile", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('copyright = "2026"\nversion = "1"\n')
    return src


def broken_book(tmp_path: Path) -> Path:
    src = book(tmp_path)
    beta = src / "chapters/beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace(
        "plain prose.", "plain prose {cite:p}`nosuch2099`."), encoding="utf-8")
    return src


def validate(src: Path, build: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "tools/validate.py"), "--source", str(src), "--confdir", str(src),
         "--build", str(build)],
        capture_output=True, text=True, check=False, timeout=300, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def warnings_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if "WARNING" in line]


def test_a_broken_book_fails_validation_twice_with_the_same_warnings(tmp_path: Path) -> None:
    src = broken_book(tmp_path)
    first, second = validate(src, tmp_path / "build"), validate(src, tmp_path / "build")
    for result in (first, second):
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stdout.splitlines() == ["html: FAIL", "latex: FAIL", "epub: FAIL"], result.stdout
        assert "Traceback" not in result.stderr
    assert warnings_of(first) == warnings_of(second)
    located = [line for line in warnings_of(first) if re.search(re.escape(str(src)) + "/" + UNKNOWN, line)]
    assert len(located) == 3, first.stderr  # once per format


def test_a_clean_book_passes_every_format(tmp_path: Path) -> None:
    src = book(tmp_path)
    result = validate(src, tmp_path / "build")
    assert result.stdout.splitlines() == ["html: PASS", "latex: PASS", "epub: PASS"], result.stderr
    assert result.returncode == 0
