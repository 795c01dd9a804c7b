extensions = ["myst_parser", "exts.book_structure", "exts.works_cited"]
bibtex_bibfiles = ["bib/refs.bib"]
bibtex_tooltips = False
project = "Unsafe Links"
copyright = "2026"
version = "1"
