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
    "exts.facts",
    "exts.publication",
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

# -- Facts (exts.facts) ----------------------------------------------------------
# The registry of sourced numbers and formulas: bib/facts.toml. A fact confirmed
# more than facts_max_age_days ago is listed by `make status` as "to re-confirm".
# Hand-typed numbers equal to a fact are warnings in the documents listed here
# (globs of docnames); add a chapter once it has moved onto the registry.
facts_registry_file = "bib/facts.toml"
facts_max_age_days = 180
facts_hand_typed_docs = [
    "appendices/ml-inference-primer",
    "chapters/gpu-optimization",
    "chapters/the-serving-problem",
    "chapters/deployment-architecture",
    "chapters/model-serving-frameworks",
    "chapters/streaming-audio-architecture",
    "chapters/protocol-selection",
    "chapters/streaming-inference-pipelines",
    "chapters/slos-streaming-ml",
    "chapters/usage-metering-billing",
    "chapters/scaling-inference-globally",
    "chapters/putting-it-all-together",
    "chapters/designing-ml-apis",
    "chapters/streaming-response-contracts",
    "chapters/api-versioning-dx",
    "chapters/security-audio-ml",
    "chapters/compliance-data-governance",
]

# -- Markdown ---------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# -- Diagrams ---------------------------------------------------------------
# Diagram sources live in source/diagrams/<chapter-slug>/ (exts.diagrams);
# the LaTeX build converts them to vector PDF with rsvg-convert.
diagrams_dir = "diagrams"
diagrams_pdf_converter = "rsvg-convert"
# Legibility in print ([diagram.print-size]): the smallest text must print at
# 7 pt or more (diagrams_min_print_size) at the print text width (5.3 in = 381
# pt): draw at viewBox 720 wide with text 14px or more (7.4 pt).
diagrams_print_width = 381
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
# xelatex with TeX Gyre Pagella for text and headings' sans TeX Gyre Heros
# (Debian's fonts-texgyre) and DejaVu Sans Mono for code (fonts-dejavu-core),
# embedded by xdvipdfmx. The print edition is a 7 x 9.25 in trade book: half
# title, title and copyright pages, one roman sequence for the front matter,
# parts and chapters opening on right-hand pages, blank pages truly blank,
# running heads with the chapter on the left page and the section on the right.
# `-t mobile` (make latexpdf-mobile) gives narrow one-sided pages with small
# margins, larger type relative to the page, smaller tables and no blank pages.
MOBILE = tags.has("mobile")  # noqa: F821 - `tags` is provided by Sphinx

# The page geometry, also read by the tests (tests/test_formats.py) to check
# that no word of the PDFs falls outside the text block and its head and foot.
# Lengths in inches; "inner" is the binding side (the left of a right-hand page).
LATEX_PAGE = (
    {"width": 4.5, "height": 8.0, "inner": 0.3, "outer": 0.3, "top": 0.4, "bottom": 0.4,
     "headheight": 15, "headsep": 10, "footskip": 20}
    if MOBILE
    else {"width": 7.0, "height": 9.25, "inner": 0.95, "outer": 0.75, "top": 0.7, "bottom": 0.7,
          "headheight": 14, "headsep": 14, "footskip": 24}
)  # headheight, headsep and footskip in pt
LATEX_GEOMETRY = (
    r"\usepackage[paperwidth={width}in,paperheight={height}in,inner={inner}in,outer={outer}in,"
    r"top={top}in,bottom={bottom}in,headheight={headheight}pt,headsep={headsep}pt,"
    r"footskip={footskip}pt,includehead,includefoot,heightrounded]{{geometry}}"
).format(**LATEX_PAGE)

BOOK_KEYWORDS = "machine learning inference, API design, speech recognition, streaming audio, MLOps, SLOs"

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
latex_table_style = ["booktabs", "colorrows"]

LATEX_FONTS = r"""
\setmainfont{TeX Gyre Pagella}
\setsansfont{TeX Gyre Heros}[Scale=MatchLowercase]
\setmonofont{DejaVu Sans Mono}[Scale=0.84]
"""

LATEX_PREAMBLE = r"""
\setcounter{secnumdepth}{0}% chapters and parts are numbered; sections are not
\setlength{\emergencystretch}{3em}% fewer overfull lines in narrow measures
\usepackage{etoolbox}
\robustify{\hyperlink}% citations (links) inside figure captions, a moving argument
\usepackage{xurl}% URLs break at any character, inside the margins
\usepackage{ragged2e}
\usepackage{newunicodechar}% superscript digits Pagella lacks
\newunicodechar{⁰}{\textsuperscript{0}}\newunicodechar{⁴}{\textsuperscript{4}}
\newunicodechar{⁵}{\textsuperscript{5}}\newunicodechar{⁶}{\textsuperscript{6}}
\newunicodechar{⁷}{\textsuperscript{7}}\newunicodechar{⁸}{\textsuperscript{8}}
\newunicodechar{⁹}{\textsuperscript{9}}\newunicodechar{⁻}{\textsuperscript{\textminus}}
\newunicodechar{λ}{\ensuremath{\lambda}}\newunicodechar{μ}{\ensuremath{\mu}}
\hypersetup{pdftitle={@TITLE@}, pdfauthor={@AUTHOR@}, pdfsubject={@SUBJECT@},
  pdfkeywords={@KEYWORDS@}, pdfcreator={Sphinx and XeLaTeX}, pdfdisplaydoctitle=true,
  bookmarksnumbered=true, pdfpagelabels=true}
\makeatletter
% Figures: fill pages instead of leaving float-only pages and short pages.
\renewcommand{\topfraction}{0.9}\renewcommand{\bottomfraction}{0.8}
\renewcommand{\textfraction}{0.1}\renewcommand{\floatpagefraction}{0.75}
\setcounter{topnumber}{3}\setcounter{bottomnumber}{2}\setcounter{totalnumber}{4}
% \Needspace* (exts/publication/blocks.py) measures against the smaller of
% \pagegoal and \vsize: a figure deferred to the top of this page lowers
% \vsize, and \pagegoal can still hold the full page (Chapter 14, mobile).
\renewcommand{\@sneedsp@}[1]{\par\penalty-100\begingroup\setlength{\dimen@}{#1}%
  \dimen@ii\pagegoal\ifdim\vsize<\dimen@ii\dimen@ii\vsize\fi
  \advance\dimen@ii-\pagetotal\ifdim\dimen@>\dimen@ii\break\fi\endgroup}
% Part pages carry no folio.
\patchcmd{\part}{\thispagestyle{plain}}{\thispagestyle{empty}}{}{}
% Table captions as wide as the text (longtable's default, 4 in, is wider than the mobile page).
\AtBeginDocument{\setlength{\LTcapwidth}{\textwidth}}% geometry sets \textwidth at \begin{document}
% Table cells: ragged right with hyphenation (ragged2e), never justified.
\newcolumntype{\X}[2]{>{\RaggedRight\arraybackslash}p{\dimexpr
      (\linewidth-\spx@arrayrulewidth)*#1/#2-\tw@\tabcolsep-\spx@arrayrulewidth\relax}}
\newcolumntype{T}{L}
% Index: glossary terms and concepts in roman type, not typewriter.
\def\sphinxstyleindexentry#1{#1}
% Blank pages before a right-hand opening carry no running head or folio.
\renewcommand{\cleardoublepage}{\clearpage\if@twoside\ifodd\c@page\else
  \hbox{}\thispagestyle{empty}\newpage\if@twocolumn\hbox{}\newpage\fi\fi\fi}
% One roman sequence for the whole front matter (half title to Preface):
% \frontmatter and the Contents no longer restart the page numbers.
\renewcommand{\frontmatter}{\cleardoublepage\@mainmatterfalse}
\renewcommand{\sphinxtableofcontents}{\begingroup\parskip\z@skip
  \sphinxtableofcontentshook\tableofcontents\endgroup\cleardoublepage}
% Running heads: folio outside; chapter on the left page, section on the right.
\renewcommand{\py@release}{}
\renewcommand{\sphinxheadercomma}{}
\newcommand{\bookchaptermark}[1]{\markboth{\if@mainmatter\@chapapp\ \thechapter.\ \fi#1}%
  {\if@mainmatter\@chapapp\ \thechapter.\ \fi#1}}
\newcommand{\booksectionmark}[1]{\markright{#1}}
\newcommand{\bookhead}[1]{{\py@HeaderFamily\small\mdseries\nouppercase{#1}}}
\fancypagestyle{normal}{%
  \fancyhf{}%
  \fancyhead[LE]{\bookhead{\thepage\hspace{1.5em}\leftmark}}%
  \fancyhead[RO]{\bookhead{\rightmark\hspace{1.5em}\thepage}}%
  \renewcommand{\headrulewidth}{0.4pt}\renewcommand{\footrulewidth}{0pt}%
  \let\chaptermark\bookchaptermark\let\sectionmark\booksectionmark}
\fancypagestyle{plain}{%
  \fancyhf{}\fancyfoot[C]{\bookhead{\thepage}}%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
\makeatother
"""
for _name, _value in {"@TITLE@": project, "@AUTHOR@": author, "@SUBJECT@": subtitle, "@KEYWORDS@": BOOK_KEYWORDS}.items():
    LATEX_PREAMBLE = LATEX_PREAMBLE.replace(_name, _value)

# Half title (i), blank (ii), title page (iii), copyright page (iv); the
# Contents then opens on v, a right-hand page, in the same roman sequence.
LATEX_TITLE_PAGES = rf"""
\pagenumbering{{roman}}
\thispagestyle{{empty}}
\null\vspace*{{0.18\textheight}}
\begin{{center}}{{\sffamily\bfseries\LARGE Productionizing ML Inference APIs\par}}\end{{center}}
\cleardoublepage
\thispagestyle{{empty}}
\begin{{center}}
  \vspace*{{0.12\textheight}}
  {{\sffamily\bfseries\Huge Productionizing\\[0.3em] ML Inference APIs\par}}
  \vspace{{1.4em}}
  {{\sffamily\Large {subtitle}\par}}
  \vspace{{3.5em}}
  {{\Large {author}\par}}
  \vfill
  {{\small Companion to \emph{{Before the 3 AM Alert: What Every Developer Should Know About API Performance}}\par}}
\end{{center}}
\newpage
\thispagestyle{{empty}}
\null\vfill
\begin{{flushleft}}\small
\emph{{{project}: {subtitle}}}\par\medskip
Copyright \copyright\ {copyright}.\par\medskip
Version {release}, \today.\par\medskip
The author has taken care in the preparation of this book but makes no expressed
or implied warranty of any kind and assumes no responsibility for errors or
omissions. Product and company names mentioned herein may be the trademarks of
their respective owners; provider features and prices are described as
documented at the time of writing.\par\medskip
Set in TeX Gyre Pagella and DejaVu Sans Mono with XeLaTeX.\par
\end{{flushleft}}
\cleardoublepage
"""

latex_elements = {
    "papersize": "",
    "pointsize": "11pt",  # Pagella at 11 pt: about 75-80 characters a line on the 5.3 in measure
    "classoptions": ",openany,oneside" if MOBILE else ",openright,twoside",
    "geometry": LATEX_GEOMETRY,
    "fontpkg": LATEX_FONTS,
    "fncychap": r"\usepackage[Sonny]{fncychap}",
    "preamble": LATEX_PREAMBLE,
    "maketitle": LATEX_TITLE_PAGES,
    "tableofcontents": r"\pagestyle{normal}\sphinxtableofcontents",
    "sphinxsetup": "TitleColor={rgb}{0.11,0.25,0.55}, InnerLinkColor={rgb}{0.11,0.25,0.55}, "
    "OuterLinkColor={rgb}{0.05,0.35,0.45}"
    # Mobile: code blocks without a frame (background only), which leaves
    # their lines the whole narrow measure and splits them more cleanly.
    + (", verbatimwithframe=false" if MOBILE else ""),
}

# -- TeX-free PDF (`make pdf`, rst2pdf) ----------------------------------------
if tags.has("rst2pdf"):  # noqa: F821 - only `make pdf` loads rst2pdf (it is slow to import)
    extensions.append("rst2pdf.pdfbuilder")
pdf_documents = [(root_doc, "productionizing-ml-inference-apis", project, author)]
# A preview, not an edition (README, "Printing the book"): DejaVu fonts, all
# embedded, and a style for each of the book's classes.
pdf_style_path = [str(ROOT / "exts" / "publication")]
pdf_stylesheets = ["sphinx", "dejavu", "rst2pdf-book"]
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
