extensions = ["myst_parser", "exts.book_structure", "exts.conventions"]
project = "Test Book"
