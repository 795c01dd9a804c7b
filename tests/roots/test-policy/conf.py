extensions = ["myst_parser", "exts.book_structure", "exts.diagrams", "exts.works_cited", "exts.policy"]
bibtex_bibfiles = ["bib/refs.bib", "bib/outside.bib"]
bibtex_tooltips = False
numfig = True
project = "Policy"
exclude_patterns = ["snippets"]
