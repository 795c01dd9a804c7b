extensions = ["myst_parser", "exts.book_structure", "exts.diagrams", "exts.works_cited", "exts.policy"]
bibtex_bibfiles = ["bib/refs.bib"]
bibtex_tooltips = False
numfig = True
project = "Hostile Browser Book"
html_theme = "sphinx_book_theme"
