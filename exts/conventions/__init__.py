"""The chapter conventions of BOOK_PLAN.md, checked as located warnings.

Required sections in order (Overview; Bridging the Gap with From the ML side
and From the API side; Common Pitfalls; Summary), headings no deeper than
``####``, no typed chapter/figure/appendix numbers; in a draft or later,
no placeholder text and an opener diagram once the ``diagram`` directive
is registered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .check import check_document

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("exts.book_structure")
    app.connect("doctree-read", check_document)
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
