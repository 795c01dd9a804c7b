extensions = ["myst_parser", "exts.book_structure", "exts.works_cited"]
bibtex_bibfiles = ["sources.bib"]  # written by the test: the URLs carry the local server's port
bibtex_tooltips = False
linkcheck_timeout = 1
linkcheck_retries = 1
linkcheck_workers = 4
project = "Test Book"
