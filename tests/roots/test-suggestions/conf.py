from pathlib import Path

import exts

extensions = [
    "myst_parser", "exts.book_structure", "exts.works_cited", "exts.diagrams", "exts.book1",
]
book1_registry_file = str(Path(exts.__file__).parents[1] / "bib" / "book1.toml")
bibtex_bibfiles = ["bib/refs.bib"]
bibtex_tooltips = False
numfig = True
project = "Test Book"

# The print-size lint has its own tests (test_diagrams_model.py); these
# fixtures use the older 800-wide template.
diagrams_min_print_size = 0
