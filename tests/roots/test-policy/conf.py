extensions = ["myst_parser", "exts.book_structure", "exts.diagrams", "exts.works_cited", "exts.policy"]
bibtex_bibfiles = ["bib/refs.bib", "bib/outside.bib"]
bibtex_tooltips = False
numfig = True
project = "Policy"
exclude_patterns = ["snippets"]

# The print-size lint has its own tests (test_diagrams_model.py); these
# fixtures use the older 800-wide template.
diagrams_min_print_size = 0
