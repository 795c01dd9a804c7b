extensions = ["myst_parser", "exts.book_structure", "exts.diagrams", "exts.works_cited", "exts.facts"]
bibtex_bibfiles = ["refs.bib"]
facts_registry_file = "facts.toml"
numfig = True
project = "Diagram Book"
