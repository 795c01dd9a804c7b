"""SVG to vector PDF for LaTeX, with rsvg-convert, cached by content hash.

The PDF is written next to the .tex file as ``diagram-<hash>.pdf``; a file
that exists is never converted again, so an unchanged diagram costs nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

TIMEOUT = 60


def pdf_name(digest: str) -> str:
    return f"diagram-{digest}.pdf"


def find_converter(command: str) -> str | None:
    return shutil.which(command)


def ensure_pdf(svg: str, target: Path, converter: str) -> str | None:
    """Convert ``svg`` to ``target`` unless it exists; None, or the converter's complaint."""
    if target.exists():
        return None
    return run_converter(converter, svg, target)


def run_converter(converter: str, svg: str, target: Path) -> str | None:
    """Run the converter on ``svg`` (standard input); None, or what went wrong."""
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        result = subprocess.run(
            [converter, "--format", "pdf", "--output", str(partial)],
            input=svg.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        partial.unlink(missing_ok=True)
        return str(err)
    if result.returncode != 0 or not partial.exists():
        partial.unlink(missing_ok=True)
        return (
            result.stderr.decode("utf-8", "replace").strip() or f"exit status {result.returncode}"
        )
    partial.replace(target)
    return None
