extensions = ["myst_parser", "exts.book_structure", "exts.conventions", "exts.diagrams"]
project = "Test Book"
