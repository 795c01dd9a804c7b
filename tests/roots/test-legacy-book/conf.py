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
latex_documents = [("index", "book.tex", "Pandoc-era Book", "Author", "manual", True)]
project = "Pandoc-era Book"
# The diagrams are copies of older 800-wide test drawings (14px text, 6.7 pt in
# print); the book sets the same temporary floor (issue 11).
diagrams_min_print_size = 5
