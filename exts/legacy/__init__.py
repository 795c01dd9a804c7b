"""Pandoc-era Markdown builds unchanged: the migration path for old chapters.

``# Chapter N: Title`` loses its number (checked against book.toml),
``# Title {-}`` loses its marker, ``\\newpage`` becomes a LaTeX page break,
``> **From Book 1:** ...`` becomes the ``from-book1`` callout, a written
``**Next: [...](...)**`` line gives way to the generated Next link, and,
with exts.diagrams and exts.works_cited loaded, ``![Caption](../assets/...)``
becomes a diagram and ``[Source: Author, Year]`` a citation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .source import load_citations, rewrite_source
from .transforms import LegacyTransform, NewpageRole

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("exts.book_structure")
    app.setup_extension("exts.book1")
    app.add_role("legacy-newpage", NewpageRole())
    app.add_transform(LegacyTransform)
    app.connect("builder-inited", load_citations)
    app.connect("source-read", rewrite_source)
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
