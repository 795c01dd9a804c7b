"""Whole-book build properties: parallel builds equal serial ones, clean builds
are byte-for-byte reproducible, and no builder writes into source/ or bib/."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.realbook

BOOK = "productionizing-ml-inference-apis"


def build(builder: str, outdir: Path, *options: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-E", "-c", str(REPO), *options,
         "-b", builder, "-d", str(outdir) + "-doctrees", str(REPO / "source"), str(outdir)],
        capture_output=True, text=True, check=False, timeout=1200, env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr


def tree_digest(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not any(part in skip for part in path.relative_to(root).parts)
    }


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    build("html", tmp_path / "serial", "-j", "1", env={"SOURCE_DATE_EPOCH": "1700000000"})
    build("html", tmp_path / "parallel", "-j", "2", env={"SOURCE_DATE_EPOCH": "1700000000"})
    serial = tree_digest(tmp_path / "serial", skip=(".buildinfo",))
    parallel = tree_digest(tmp_path / "parallel", skip=(".buildinfo",))
    assert serial.keys() == parallel.keys()
    differing = [name for name in serial if serial[name] != parallel[name]]
    assert differing == []


@pytest.mark.parametrize("builder", ["html", "epub"])
def test_clean_builds_are_byte_identical(tmp_path: Path, builder: str) -> None:
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    build(builder, tmp_path / "first", env=epoch)
    build(builder, tmp_path / "second", env=epoch)
    first, second = tree_digest(tmp_path / "first"), tree_digest(tmp_path / "second")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    if builder == "epub":
        assert f"{BOOK}.epub" in first


def test_no_builder_writes_into_source_or_bib(tmp_path: Path) -> None:
    watched = [REPO / "source", REPO / "bib"]
    before = [tree_digest(root) if root.exists() else {} for root in watched]
    for builder in ("html", "latex", "epub", "text"):
        build(builder, tmp_path / builder)
    after = [tree_digest(root) if root.exists() else {} for root in watched]
    assert after == before
