"""Rewrite pandoc-era lines as each document is read, and check typed chapter numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exts.book_structure.loading import get_structure

from .lines import rewrite
from .logging import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def rewrite_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: rewrite in memory (never on disk), line for line."""
    text, titles = rewrite(source[0])
    source[0] = text
    entry = get_structure(app.env).get(docname)
    for title in titles:
        typed = f"{title.kind} {title.label}"
        actual = entry.label_text if entry else ""
        if typed != actual:
            where = f"book.toml makes it {actual}" if actual else "book.toml gives it no number"
            warn(
                f"the title says {typed!r} but {where}; write the title without a number",
                "chapter-number",
                (docname, title.line),
            )
