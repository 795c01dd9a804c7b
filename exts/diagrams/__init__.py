"""Diagrams: SVG (or HTML-wrapped SVG) figures, sanitized and linted, in every format.

``diagram`` makes a numbered figure (class "diagram") from a file under
``source/diagrams/``; ``diagram-inventory`` lists every diagram of the book.
HTML inlines the sanitized SVG, EPUB gets it as an image, LaTeX a vector PDF
converted by rsvg-convert and cached by content hash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .directive import DiagramDirective
from .domain import DiagramDomain
from .inventory import (
    DiagramInventory,
    FillInventory,
    KeepCaptions,
    check_converter,
    inventory_outdated,
    unreferenced_files,
)
from .nodes import IMAGE_VISITORS, INVENTORY_VISITORS, diagram_image, diagram_inventory
from .rst2pdf import DiagramsAsSvgImages
from .stale import remove_stale_files
from .theme import STYLESHEET, add_static_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

AFTER_BOOK_NUMBERS = 700  # exts.book_structure puts per-chapter numbers in place at 600


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("diagrams_dir", "diagrams", "env", types=frozenset({str}))
    app.add_config_value("diagrams_pdf_converter", "rsvg-convert", "", types=frozenset({str}))
    # The print-size lint: text must print at diagrams_min_print_size pt or
    # more when the diagram fills the print text width (diagrams_print_width pt).
    app.add_config_value("diagrams_print_width", 381.0, "env", types=frozenset({float, int}))
    app.add_config_value("diagrams_min_print_size", 7.0, "env", types=frozenset({float, int}))
    # The List of Diagrams shows each diagram's file only in draft builds.
    app.add_config_value("diagrams_inventory_sources", False, "env", types=frozenset({bool}))
    app.add_domain(DiagramDomain)
    app.add_node(diagram_image, **IMAGE_VISITORS)
    app.add_node(diagram_inventory, **INVENTORY_VISITORS)
    app.add_directive("diagram", DiagramDirective)
    app.add_directive("diagram-inventory", DiagramInventory)
    app.add_transform(KeepCaptions)
    app.add_post_transform(FillInventory)
    app.add_post_transform(DiagramsAsSvgImages)
    app.add_css_file(STYLESHEET)
    app.connect("builder-inited", add_static_path)
    app.connect("env-get-updated", inventory_outdated, priority=AFTER_BOOK_NUMBERS)
    app.connect("env-updated", unreferenced_files)
    app.connect("write-started", remove_stale_files)
    app.connect("write-started", check_converter)
    return {
        "version": "1.0",
        "env_version": 2,  # 2: the domain keeps caption nodes
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
