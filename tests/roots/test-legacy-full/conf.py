from pathlib import Path

import exts

extensions = [
    "myst_parser", "exts.book_structure", "exts.diagrams", "exts.works_cited",
    "exts.book1", "exts.conventions", "exts.status", "exts.legacy",
]
book1_registry_file = str(Path(exts.__file__).parents[1] / "bib" / "book1.toml")
bibtex_bibfiles = ["bib/refs.bib"]
bibtex_tooltips = False
numfig = True
numfig_format = {"figure": "Figure %s"}
latex_docclass = {"manual": "book"}
latex_documents = [("index", "book.tex", "Legacy Book", "Author", "manual", True)]
project = "Legacy Book"

# The print-size lint has its own tests (test_diagrams_model.py); these
# fixtures use the older 800-wide template.
diagrams_min_print_size = 0
