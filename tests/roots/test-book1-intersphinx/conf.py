from pathlib import Path

import exts

extensions = ["myst_parser", "sphinx.ext.intersphinx", "exts.book_structure", "exts.book1"]
book1_registry_file = str(Path(exts.__file__).parents[1] / "bib" / "book1.toml")
# Book 1's published inventory (a local copy: tests run offline).
intersphinx_mapping = {"book1": ("https://book1.example/v2/", str(Path(__file__).parent / "objects.inv"))}
book1_inventory = "book1"
book1_base_url = "https://fallback.example/"
project = "Test Book"
