extensions = ["myst_parser", "exts.book_structure", "exts.works_cited"]
bibtex_bibfiles = ["bib/serving.bib", "bib/vendors.bib"]
bibtex_tooltips = False
latex_docclass = {"manual": "book"}
latex_documents = [("index", "book.tex", "Test Book", "Author", "manual", True)]
project = "Test Book"
version = "1"
copyright = "2026, Author"
