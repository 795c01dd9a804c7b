"""Resource limits end in one located warning, never a hang or "Recursion error!".

Each case copies tests/roots/test-hostile (with exts.policy), breaks one thing
and runs the real sphinx-build with -W --keep-going under a time bound.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, ROOTS

SECONDS = 60


def symlink_loop(src: Path) -> None:
    """``ln -s .. diagrams/loop``: the source folder inside itself."""
    (src / "diagrams/loop").symlink_to("..")


def macro_bomb(src: Path) -> None:
    """28 chained @string doublings (268 million characters once expanded), in a file of its own."""
    lines = ['@string{a0 = "xxxxxxxx"}'] + [f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, 29)]
    lines.append("@misc{bomb2024, title = a28, year = {2024}, url = {https://x.test/}}")
    (src / "bib/bomb.bib").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('bibtex_bibfiles = ["bib/refs.bib", "bib/bomb.bib"]\n')


def nested_notes(src: Path) -> None:
    """150 nested {note} fences in beta (the outermost has the longest fence)."""
    depth = 150
    opening = [":" * (3 + depth - level) + "{note}" for level in range(depth)]
    closing = [":" * (3 + depth - level) for level in reversed(range(depth))]
    text = "# Beta\n\nBeta is plain prose.\n\n" + "\n".join([*opening, "deep", *closing]) + "\n"
    (src / "chapters/beta.md").write_text(text, encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('myst_enable_extensions = ["colon_fence"]\n')


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "symlink loop in diagrams": (
        symlink_loop,
        r"diagrams/loop:1: WARNING: symlink diagrams/loop is not read: it points at src/, which contains it "
        r"\(a loop\) \[policy\.outside\]",
    ),
    "bib macro bomb": (
        macro_bomb,
        r"bib/bomb\.bib:15: WARNING: 'a14' expands to 131072 characters \(the limit is 100000\): bomb\.bib "
        r"is not read \[works-cited\.expansion\]",
    ),
    "150 nested notes": (
        nested_notes,
        r"chapters/beta\.md:37: WARNING: directives nested more than 32 deep: this one is shown as a code "
        r"block \[policy\.nesting\]",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_resource_limit_is_one_located_warning(tmp_path: Path, case: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-hostile", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions.append("exts.policy")\n')
    edit, expected = CASES[case]
    edit(src)
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-N", "-W", "--keep-going", "-b", "html", "-d",
         str(tmp_path / "doctrees"), str(src), str(tmp_path / "html")],
        capture_output=True, text=True, check=False, timeout=SECONDS * 2, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    elapsed = time.monotonic() - start
    for crash in ("Traceback", "Exception occurred", "Recursion error", "RecursionError"):
        assert crash not in result.stdout + result.stderr, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, result.stderr
    assert re.fullmatch(re.escape(str(src)) + "/" + expected, warnings[0]), warnings[0]
    assert result.returncode == 1  # -W: the warning fails the build
    assert elapsed < SECONDS, f"{case} took {elapsed:.0f} s"
