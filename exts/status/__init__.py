"""Document status and the progress matrix computed from the sources.

Every front matter, chapter and appendix document declares ``status`` in its
front matter. Counts (prose words, diagrams, distinct citations, Book 1
references) are taken at read time; ``status-matrix`` shows them on a page,
the ``status`` builder writes them as Markdown (``make status``) and the
``outline`` builder writes every heading of the book (``make outline``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .builders import OutlineBuilder, StatusBuilder
from .domain import StatusDomain, load_targets_for_build, pages_to_rewrite, record_document
from .page import FillStatusMatrix, StatusMatrix, status_matrix

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("exts.book_structure")
    app.add_config_value("status_targets_file", "targets.toml", "env", types=frozenset({str}))
    app.add_domain(StatusDomain)
    app.add_directive("status-matrix", StatusMatrix)
    app.add_node(status_matrix)
    app.add_post_transform(FillStatusMatrix)
    app.add_builder(StatusBuilder)
    app.add_builder(OutlineBuilder)
    app.connect("builder-inited", load_targets_for_build)
    app.connect("doctree-read", record_document)
    app.connect("env-get-updated", pages_to_rewrite)
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
