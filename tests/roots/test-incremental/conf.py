extensions = ["myst_parser", "exts.book_structure", "exts.diagrams", "exts.works_cited"]
bibtex_bibfiles = ["bib/refs.bib"]
bibtex_tooltips = False
works_cited_frequent_threshold = 2
numfig = True
numfig_format = {"figure": "Figure %s"}
latex_docclass = {"manual": "book"}
latex_documents = [("index", "book.tex", "Test Book", "Author", "manual", True)]
latex_engine = "xelatex"
project = "Test Book"
author = "Author"
version = "1"
copyright = "2026, Author"
epub_identifier = "test-incremental-book"
epub_uid = epub_identifier
epub_basename = "book"

# The print-size lint has its own tests (test_diagrams_model.py); these
# fixtures use the older 800-wide template.
diagrams_min_print_size = 0
