extensions = ["myst_parser", "exts.book_structure", "exts.works_cited", "exts.status", "exts.facts"]
bibtex_bibfiles = ["refs.bib"]
facts_registry_file = "facts.toml"
facts_max_age_days = 365
project = "Status Book"
