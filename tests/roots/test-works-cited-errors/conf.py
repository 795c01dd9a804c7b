extensions = ["myst_parser", "exts.book_structure", "exts.works_cited"]
bibtex_bibfiles = ["bib/broken.bib", "bib/dupes.bib", "bib/good.bib"]
bibtex_tooltips = False
project = "Test Book"
