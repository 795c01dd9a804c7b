extensions = ["myst_parser", "exts.book_structure", "exts.publication"]
project = "Test Book"
myst_enable_extensions = ["colon_fence"]
