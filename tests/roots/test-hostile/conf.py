extensions = ["myst_parser", "exts.book_structure", "exts.diagrams", "exts.works_cited"]
bibtex_bibfiles = ["bib/refs.bib"]
bibtex_tooltips = False
numfig = True
project = "Hostile Book"

# The print-size lint has its own tests (test_diagrams_model.py); these
# fixtures use the older 800-wide template.
diagrams_min_print_size = 0
