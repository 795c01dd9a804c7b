extensions = ["myst_parser", "exts.book_structure", "exts.diagrams"]
numfig = True
numfig_format = {"figure": "Figure %s"}
latex_docclass = {"manual": "book"}
latex_documents = [("index", "book.tex", "Test Book", "Author", "manual", True)]
project = "Test Book"
version = "1"
copyright = "2026, Author"
latex_engine = "xelatex"

# The print-size lint has its own tests (test_diagrams_model.py); these
# fixtures use the older 800-wide template.
diagrams_min_print_size = 0
