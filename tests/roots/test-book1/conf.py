from pathlib import Path

extensions = ["myst_parser", "exts.book_structure", "exts.book1"]
book1_registry_file = str(Path(__file__).resolve().parents[3] / "bib" / "book1.toml")
project = "Test Book"
latex_documents = [("index", "book.tex", "Test Book", "Author", "manual", True)]
