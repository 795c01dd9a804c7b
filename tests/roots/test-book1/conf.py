from pathlib import Path

import exts

extensions = ["myst_parser", "exts.book_structure", "exts.book1"]
book1_registry_file = str(Path(exts.__file__).parents[1] / "bib" / "book1.toml")
project = "Test Book"
latex_documents = [("index", "book.tex", "Test Book", "Author", "manual", True)]
