extensions = ["myst_parser", "exts.book_structure", "exts.diagrams"]
numfig = True
numfig_format = {"figure": "Figure %s"}
latex_docclass = {"manual": "book"}
latex_documents = [("index", "book.tex", "Test Book", "Author", "manual", True)]
project = "Test Book"
version = "1"
copyright = "2026, Author"
