"""Symlinks in the source folder: loops and links that leave the repository are excluded.

Sphinx looks for documents with ``os.walk(followlinks=True)``: a link such
as ``diagrams/loop -> ..`` makes it walk the book again and again (every
document found thousands of times, no end), and a link to a file elsewhere
on the machine would be read and published. Each such link is one warning
and is added to ``exclude_patterns`` before Sphinx looks for documents.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from exts.paths import inside

from .logging import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def unsafe_links(
    srcdir: Path, roots: tuple[Path, ...], suffixes: tuple[str, ...]
) -> list[tuple[Path, str]]:
    """(link, reason) for every symlink under ``srcdir`` that loops or leaves ``roots``.

    Links to folders, and to files Sphinx would read as documents (``suffixes``);
    the diagram, include and .bib readers check their own files.
    """
    found = []
    for folder, dirs, files in os.walk(srcdir, followlinks=False):
        documents = [name for name in files if name.endswith(suffixes)]
        for name in sorted(dirs) + sorted(documents):
            link = Path(folder) / name
            if not link.is_symlink():
                continue
            try:
                target = link.resolve(strict=False)
            except (OSError, RuntimeError):
                found.append((link, "it is a symlink loop"))
                continue
            if not inside(link, *roots):
                found.append((link, f"it points outside the repository ({target})"))
            elif target.is_dir() and link.parent.resolve().is_relative_to(target):
                found.append((link, f"it points at {target.name or target}/, which contains it (a loop)"))
        dirs[:] = [name for name in dirs if not (Path(folder) / name).is_symlink()]
    return found


class UnsafeLinks:
    """Excluded at ``config-inited`` (before Sphinx looks for documents), warned at ``builder-inited``."""

    def __init__(self) -> None:
        self.found: list[tuple[Path, str]] = []

    def exclude(self, app: Sphinx, config: Config) -> None:
        srcdir = Path(app.srcdir)
        suffixes = tuple(config.source_suffix) or (".rst", ".md")
        self.found = unsafe_links(srcdir, (srcdir, Path(app.confdir)), suffixes)
        for link, _reason in self.found:
            relative = link.relative_to(srcdir).as_posix()
            config.exclude_patterns = [*config.exclude_patterns, relative, f"{relative}/**"]

    def report(self, app: Sphinx) -> None:
        for link, reason in self.found:
            relative = link.relative_to(app.srcdir).as_posix()
            warn(f"symlink {relative} is not read: {reason}", "outside", f"{link}:1")
