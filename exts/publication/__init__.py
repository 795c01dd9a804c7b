"""Publication: what readers of an edition see, and tables laid out for print.

* Draft-only material: admonitions and containers with a class in
  ``publication_draft_classes`` (``planned-diagrams``, ``writers-note``) are
  removed unless the build runs with ``-t draft``.
* Outline chapters and appendices (``status: outline``; not the front and
  back matter) render in editions as a short "in
  preparation" abstract: the title, the first paragraph or list of the
  Overview, and a note. Both are read-time transforms, so every format (HTML,
  EPUB, LaTeX, rst2pdf) gets the same text; ``make status`` and ``make
  outline`` read the full sources.
* LaTeX tables (:mod:`.tables`): every table is a ``longtable`` (it breaks
  across pages and repeats its header) with column widths from its content,
  set a size smaller, smaller still on the mobile PDF; on the mobile PDF a
  table too wide for the page is stacked, one row a block.
* LaTeX code blocks (:mod:`.blocks`): a short block never splits across
  pages, a long one never starts in a page's last lines.
* EPUB tables and code (:mod:`.epub`): on a narrow screen a table too wide
  for it stacks, one row a block, each cell under its column heading; a
  wrapped code line gets a hanging indent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .blocks import KeepCodeBlocksTogether
from .draft import DraftOnly
from .epub import use_epub_translator
from .tables import BreakableLiterals, LatexTables

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value(
        "publication_draft_classes", ["planned-diagrams", "writers-note"], "env", types=frozenset({list})
    )
    app.add_transform(DraftOnly)
    app.add_post_transform(LatexTables)
    app.add_post_transform(BreakableLiterals)
    app.add_post_transform(KeepCodeBlocksTogether)
    app.add_latex_package("needspace")
    app.connect("builder-inited", use_epub_translator)
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
