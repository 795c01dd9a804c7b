extensions = ["myst_parser", "exts.book_structure"]
project = "Broken Book"
