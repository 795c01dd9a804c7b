"""Cross-book references to the companion book, *Before the 3 AM Alert*.

A registry (``bib/book1.toml``) names Book 1's chapters by stable keys; the
``book1`` role renders "*Before the 3 AM Alert*, Chapter 5: Network &
Connection Optimization" (a link when ``book1_base_url`` or an intersphinx
inventory named by ``book1_inventory`` is configured), ``from-book1`` is the
"From Book 1" callout, and ``book1-references`` generates the table of which
chapter references which Book 1 chapter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .domain import Book1Domain, pages_to_rewrite
from .loading import check_config, load_for_build
from .roles import Book1Role, FromBook1
from .table import Book1References, FillReferenceTable, book1_reference_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("book1_registry_file", "bib/book1.toml", "env", types=frozenset({str}))
    app.add_config_value("book1_base_url", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("book1_inventory", None, "env", types=frozenset({str, type(None)}))
    app.add_domain(Book1Domain)
    app.add_role("book1", Book1Role())
    app.add_directive("from-book1", FromBook1)
    app.add_directive("book1-references", Book1References)
    app.add_node(book1_reference_table)
    app.add_post_transform(FillReferenceTable)
    app.connect("config-inited", check_config)
    app.connect("builder-inited", load_for_build)
    app.connect("env-get-updated", pages_to_rewrite)
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
