from pathlib import Path

import exts

extensions = [
    "myst_parser", "sphinxcontrib.bibtex", "exts.book_structure", "exts.book1", "exts.status", "exts.diagrams",
]
bibtex_bibfiles = ["refs.bib"]
book1_registry_file = str(Path(exts.__file__).parents[1] / "bib" / "book1.toml")
project = "Status Book"
myst_enable_extensions = ["colon_fence"]

# The print-size lint has its own tests (test_diagrams_model.py); these
# fixtures use the older 800-wide template.
diagrams_min_print_size = 0
