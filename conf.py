"""Sphinx configuration for *Productionizing ML Inference APIs*.

The configuration directory is the repository root; the book's sources are
in source/ (``sphinx-build -c . source _build/...``, see the Makefile).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

# -- The book ---------------------------------------------------------------
project = "Productionizing ML Inference APIs"
subtitle = "A Serving Engineer's Guide to Real-Time Speech and Audio"
author = "Steve Jackson"
copyright = "2026, Steve Jackson"
version = "0.1"
release = "0.1 (draft)"
language = "en"
root_doc = "index"

extensions = [
    "myst_parser",
    "exts.book_structure",
    "exts.diagrams",
]

# Structure of the book (parts, chapters, appendices): source/book.toml
book_structure_file = "book.toml"

exclude_patterns = ["_build", "**/.ipynb_checkpoints"]

# -- Markdown ---------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# -- Diagrams ---------------------------------------------------------------
# Diagram sources live in source/diagrams/<chapter-slug>/ (exts.diagrams);
# the LaTeX build converts them to vector PDF with rsvg-convert.
diagrams_dir = "diagrams"
diagrams_pdf_converter = "rsvg-convert"

# -- Numbering --------------------------------------------------------------
# Figures and tables are numbered per chapter ("Figure 3.2") by
# exts.book_structure; chapters by book.toml order.
numfig = True
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"}

# -- HTML -------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project
html_theme_options = {
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "home_page_in_toc": True,
}
html_last_updated_fmt = None

# -- LaTeX ------------------------------------------------------------------
latex_engine = "xelatex"
latex_docclass = {"manual": "book"}
latex_documents = [(root_doc, "productionizing-ml-inference-apis.tex", project, author, "manual", True)]
latex_toplevel_sectioning = "chapter"

# -- EPUB -------------------------------------------------------------------
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_language = language
epub_identifier = "urn:uuid:6a4f3f0e-8a51-4d7e-9f3b-2f1c0b9d7e21"
epub_uid = "BookId"
epub_basename = "productionizing-ml-inference-apis"
epub_show_urls = "no"
