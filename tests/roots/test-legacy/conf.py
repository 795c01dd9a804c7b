from pathlib import Path

import exts

extensions = ["myst_parser", "exts.book_structure", "exts.book1", "exts.conventions", "exts.legacy"]
book1_registry_file = str(Path(exts.__file__).parents[1] / "bib" / "book1.toml")
project = "Legacy Book"
latex_documents = [("index", "book.tex", "Legacy Book", "Author", "manual", True)]
