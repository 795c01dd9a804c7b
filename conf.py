"""Sphinx configuration for *Productionizing ML Inference APIs*.

The configuration directory is the repository root; the book's sources are
in source/ (``sphinx-build -c . source _build/...``, see the Makefile).
"""

from __future__ import annotations

import os
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
    "exts.quiet",  # before myst_parser and opengraph: see its docstring
    "myst_parser",
    "sphinxext.opengraph",
    "notfound.extension",
    "exts.book_structure",
    "exts.works_cited",
    "exts.diagrams",
    "exts.book1",
    "exts.conventions",
    "exts.status",
    "exts.legacy",
    "exts.policy",
]

# -- Content security policy (exts.policy; AUTHORING.md "Security policy") -----
# Raw markup in chapters ({raw} html, inline <script>/<img>, raw LaTeX) is
# refused with a warning; list a format here to opt in, e.g. ["latex"].
policy_raw_formats: list[str] = []

# Structure of the book (parts, chapters, appendices): source/book.toml
book_structure_file = "book.toml"

# -- Citations (exts.works_cited on sphinxcontrib-bibtex) --------------------
# Every .bib file in bib/ is read; paths are relative to this directory.
bibtex_bibfiles = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "bib").glob("*.bib"))
bibtex_tooltips = False

exclude_patterns = ["_build", "_templates", "_static", "**/.ipynb_checkpoints"]

# -- Book 1 and status ----------------------------------------------------------
# The companion book: bib/book1.toml. Set book1_base_url (or book1_inventory,
# the name of an intersphinx_mapping entry) to link Book 1 references.
book1_registry_file = "bib/book1.toml"
book1_base_url = None
book1_inventory = None
# Word ranges and planned diagrams per document: source/targets.toml.
status_targets_file = "targets.toml"
# The progress matrix page (status.md) is part of draft builds only:
# sphinx-build -t draft ... (make draft).
if not tags.has("draft"):  # noqa: F821 - Sphinx provides tags to conf.py
    exclude_patterns.append("status.md")

# -- Markdown ---------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# -- Diagrams ---------------------------------------------------------------
# Diagram sources live in source/diagrams/<chapter-slug>/ (exts.diagrams);
# the LaTeX build converts them to vector PDF with rsvg-convert.
diagrams_dir = "diagrams"
diagrams_pdf_converter = "rsvg-convert"
# The List of Diagrams names each diagram's source file only in draft builds
# (make draft); readers see the number and the caption.
diagrams_inventory_sources = tags.has("draft")  # noqa: F821

# -- Numbering --------------------------------------------------------------
# Figures and tables are numbered per chapter ("Figure 3.2") by
# exts.book_structure; chapters by book.toml order.
numfig = True
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"}

# -- HTML -------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project
# Paths below are relative to this file (the configuration directory).
html_favicon = "source/_static/favicon.svg"
html_static_path = ["source/_static"]
html_css_files = ["book.css"]
templates_path = ["source/_templates"]
html_theme_options = {
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    # One search box per page: the sidebar's field (the header's copies are
    # removed here; book.css shows the header's button only on narrow screens).
    "navbar_persistent": [],
}
html_sidebars = {
    "**": ["navbar-logo.html", "search-button-field.html", "sbt-sidebar-nav.html", "book-downloads.html"]
}
html_last_updated_fmt = None
html_copy_source = False
# No general index page on the website: the Glossary and the search cover it,
# and rendering genindex.html costs about 0.4 s on every build, even a no-op.
# (The print PDF keeps its index.)
html_use_index = False

# `make all` stages the PDF and EPUB in _build/downloads before building the
# website; only then does the sidebar link to them (no dead links otherwise).
DOWNLOADS = ROOT / "_build" / "downloads"
DOWNLOAD_LABELS = {".pdf": "PDF (print)", ".epub": "EPUB"}
html_extra_path = [str(DOWNLOADS)] if DOWNLOADS.is_dir() else []
html_context = {
    "default_mode": "auto",
    "book_downloads": [
        (DOWNLOAD_LABELS.get(path.suffix, path.name), path.name)
        for path in sorted(DOWNLOADS.glob("*"))
        if path.suffix in DOWNLOAD_LABELS
    ],
}

# Search results show text around the hit and link to its section:
# source/_static/book-search.js, added to search.html only (setup() below).
html_show_search_summary = True

# Social cards: OpenGraph metadata (title, description, type); the public URL
# is configuration (BOOK_BASE_URL) since the book may be hosted anywhere.
html_baseurl = os.environ.get("BOOK_BASE_URL", "")
ogp_site_url = html_baseurl
ogp_site_name = project
ogp_description_length = 200
ogp_type = "book"
ogp_social_cards = {"enable": False}
ogp_custom_meta_tags = [f'<meta property="book:author" content="{author}" />']

# A 404 page whose links work from any depth (notfound_urls_prefix: where the
# site is served; "/" for a site at the root of its host).
notfound_urls_prefix = os.environ.get("BOOK_BASE_PATH", "/")
notfound_context = {
    "title": "Page not found",
    "body": "<h1>Page not found</h1><p>This page is not part of the book. "
    "Start again from the <a href='index.html'>table of contents</a> or use the search.</p>",
}

# -- LaTeX (print PDF; `make latexpdf`, `make latexpdf-mobile`) ----------------
# xelatex with the FreeFont family (Debian's fonts-freefont-otf), embedded by
# xdvipdfmx. The print edition is a 7 x 9.25 in trade book with chapters opening
# on right-hand pages; `-t mobile` (make latexpdf-mobile) gives narrow pages,
# larger type relative to the page, and no blank pages, for phones and tablets.
MOBILE = tags.has("mobile")  # noqa: F821 - `tags` is provided by Sphinx

latex_engine = "xelatex"
latex_docclass = {"manual": "book"}
latex_documents = [
    (
        root_doc,
        "productionizing-ml-inference-apis-mobile.tex" if MOBILE else "productionizing-ml-inference-apis.tex",
        project,
        author,
        "manual",
        True,
    )
]
latex_toplevel_sectioning = "chapter"
latex_show_urls = "footnote"
latex_show_pagerefs = False
latex_domain_indices = False
LATEX_GEOMETRY = (
    r"\usepackage[paperwidth=4.5in,paperheight=8in,margin=0.3in,top=0.45in,bottom=0.45in,"
    r"includehead,includefoot]{geometry}"
    if MOBILE
    else r"\usepackage[paperwidth=7in,paperheight=9.25in,inner=0.95in,outer=0.75in,top=0.75in,"
    r"bottom=0.75in,includehead,includefoot]{geometry}"
)
latex_elements = {
    "papersize": "",
    "pointsize": "11pt" if MOBILE else "10pt",
    "classoptions": ",openany" if MOBILE else ",openright",
    "geometry": LATEX_GEOMETRY,
    "fncychap": r"\usepackage[Sonny]{fncychap}",
    "preamble": r"""
\setcounter{secnumdepth}{0}% chapters and parts are numbered; sections are not
\setlength{\emergencystretch}{3em}% fewer overfull lines in narrow measures
\usepackage{etoolbox}
\robustify{\hyperlink}% citations (links) inside figure captions, a moving argument
\makeatletter
% Running headers: the title alone, and no "Chapter 0." on front matter.
\renewcommand{\py@release}{}
\renewcommand{\sphinxheadercomma}{}
\newcommand{\bookchaptermark}[1]{\markboth{\if@mainmatter\@chapapp\ \thechapter.\ \fi#1}{}}
\g@addto@macro\ps@normal{\let\chaptermark\bookchaptermark}
\makeatother
""",
    "maketitle": rf"""
\begin{{titlepage}}
  \centering
  \vspace*{{0.16\textheight}}
  {{\sffamily\bfseries\Huge Productionizing\\[0.3em] ML Inference APIs\par}}
  \vspace{{1.4em}}
  {{\sffamily\Large {subtitle}\par}}
  \vspace{{3.5em}}
  {{\Large {author}\par}}
  \vfill
  {{\small Companion to \emph{{Before the 3 AM Alert: What Every Developer Should Know About API Performance}}\par}}
  \vspace{{1em}}
  {{\small \copyright\ {copyright}\par}}
\end{{titlepage}}
""",
    "sphinxsetup": "TitleColor={rgb}{0.11,0.25,0.55}, InnerLinkColor={rgb}{0.11,0.25,0.55}, "
    "OuterLinkColor={rgb}{0.05,0.35,0.45}",
}

# -- TeX-free PDF (`make pdf`, rst2pdf) ----------------------------------------
if tags.has("rst2pdf"):  # noqa: F821 - only `make pdf` loads rst2pdf (it is slow to import)
    extensions.append("rst2pdf.pdfbuilder")
pdf_documents = [(root_doc, "productionizing-ml-inference-apis", project, author)]
pdf_use_index = False
pdf_use_modindex = False
pdf_break_level = 1
pdf_toc_depth = 2
pdf_fit_mode = "shrink"

# -- EPUB -------------------------------------------------------------------
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_language = language
# The NCX (EPUB 2) repeats epub_uid where the OPF has epub_identifier, so the
# two must be the same string, and a valid XML id.
epub_identifier = "productionizing-ml-inference-apis-6a4f3f0e"
epub_uid = epub_identifier
epub_basename = "productionizing-ml-inference-apis"
epub_show_urls = "no"
epub_description = subtitle
epub_contributor = author
epub_use_index = False
# A cover generated from the title, subtitle and author (exts/book_structure/
# cover.py), the same bytes on every build; its page uses _templates/book-cover.html.
epub_cover = ("_static/cover.svg", "book-cover.html")
# The EPUB's own stylesheet: book.css is for the website's theme variables.
epub_css_files = ["epub-book.css"]
epub_accessibility_summary = (
    "Structured text with headings in reading order, a navigable table of contents "
    "nested by part, and alternative text for every diagram. Diagrams are also "
    "described in the surrounding prose."
)


def add_search_script(app, pagename, templatename, context, doctree) -> None:
    """book-search.js on the search page only (a static file: no inline script)."""
    if pagename == "search":
        app.add_js_file("book-search.js", loading_method="defer")


def setup(app) -> None:
    app.connect("html-page-context", add_search_script)
