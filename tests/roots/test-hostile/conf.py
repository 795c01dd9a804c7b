extensions = ["myst_parser", "exts.book_structure", "exts.diagrams", "exts.works_cited"]
bibtex_bibfiles = ["bib/refs.bib"]
bibtex_tooltips = False
numfig = True
project = "Hostile Book"
