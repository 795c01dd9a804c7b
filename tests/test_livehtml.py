"""`make livehtml`: rebuilds on a .bib edit, serves the new text, writes outside the published folder."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO

PAGE = "chapters/the-serving-problem.html"
OLD_TITLE = "Timing in Turn-Taking and Its Implications for Processing Models of Language"
NEW_TITLE = "A Title Changed While The Preview Ran"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    """The repository's book and toolchain, copied with their times (so make sees the venv as current)."""
    copy = tmp_path / "book"
    copy.mkdir()
    for name in ("source", "bib", "exts", "tools"):
        shutil.copytree(REPO / name, copy / name, copy_function=shutil.copy2,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("conf.py", "Makefile", "pyproject.toml"):
        shutil.copy2(REPO / name, copy / name)
    (copy / ".venv").symlink_to(REPO / ".venv")
    return copy


@pytest.mark.realbook
def test_a_bib_edit_reaches_the_served_page(book_copy: Path) -> None:
    bib = next(path for path in (book_copy / "bib").glob("*.bib") if OLD_TITLE in path.read_text())
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    preview = subprocess.Popen(
        ["make", "-s", "livehtml", f"PORT={port}"], cwd=book_copy, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "SPHINXOPTS": "-q"},
    )
    try:
        assert wait_for(url, OLD_TITLE, 120), "the preview never served the chapter"
        bib.write_text(bib.read_text().replace(OLD_TITLE, NEW_TITLE))
        assert wait_for(url, NEW_TITLE, 60), "the .bib edit never reached the served page"
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(timeout=30)
    assert (book_copy / "_build" / "preview" / "index.html").is_file()
    published = book_copy / "_build" / "html"
    assert not published.exists(), "the preview wrote into the folder one publishes"
    assert not (book_copy / "_build" / "preview" / ".doctrees").exists()
