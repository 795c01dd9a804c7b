extensions = ["myst_parser", "exts.book_structure", "exts.works_cited"]
bibtex_bibfiles = ["bib/first.bib", "bib/second.bib"]
bibtex_tooltips = False
project = "Test Book"
