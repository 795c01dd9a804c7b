"""Book structure: parts, continuous chapter numbers, lettered appendices.

One file (``book.toml`` in the source folder) declares the structure; this
extension turns it into toctrees, "Chapter N:" labels, per-chapter figure
numbers, ``\\part`` pages in LaTeX, nested EPUB navigation and part openings,
the ``chapter`` role and the generated "Next:" link at the end of every chapter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import numbering
from .directive import BookContents
from .domain import BookDomain, ChapterRole
from .epub import BookEpub3Builder, EpubPartOpenings, exclude_buildinfo_backup
from .fignumbers import replace_toctree_collector
from .latex import LatexDivisions
from .loading import load_for_build, outdated_by_structure
from .missing_refs import warn_with_suggestion
from .nodes import LABEL_VISITORS, chapter_label
from .numref import setup_numref
from .noop import setup_noop
from .reading import check_encoding, guard_include
from .role_lines import ExactRoleLines
from .searchindex import restore_index_entries
from .sidebar import setup_sidebar
from .stale import remove_stale_pages
from .transforms import BookDocumentTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("book_structure_file", "book.toml", "env", types=frozenset({str}))
    app.add_config_value(
        "epub_accessibility_summary",
        "Text with headings in reading order, a navigable table of contents, and alternative text for every figure.",
        "epub",
        types=frozenset({str}),
    )
    app.add_domain(BookDomain)
    app.add_role("chapter", ChapterRole())
    app.add_directive("book-contents", BookContents)
    app.add_node(chapter_label, **LABEL_VISITORS)
    app.add_transform(BookDocumentTransform)
    app.add_transform(ExactRoleLines)
    app.add_post_transform(LatexDivisions)
    app.add_post_transform(EpubPartOpenings)
    app.add_builder(BookEpub3Builder, override=True)
    app.connect("config-inited", exclude_buildinfo_backup)
    app.connect("builder-inited", load_for_build)
    app.connect("env-get-outdated", outdated_by_structure)
    app.connect("env-before-read-docs", check_encoding)
    app.connect("include-read", guard_include)
    app.connect("warn-missing-reference", warn_with_suggestion)
    app.connect("env-updated", remove_stale_pages)
    app.connect("write-started", restore_index_entries)
    app.connect("env-get-updated", numbering.hand_back_sphinx_numbers, priority=numbering.BEFORE_SPHINX)
    app.connect("env-get-updated", numbering.apply_chapter_numbers, priority=numbering.AFTER_SPHINX)
    setup_sidebar(app)
    setup_noop(app)
    setup_numref(app)
    replace_toctree_collector(app)
    return {"version": "1.0", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
