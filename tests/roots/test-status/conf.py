import sys
from pathlib import Path

import exts

sys.path.insert(0, str(Path(__file__).parent))
extensions = [
    "myst_parser", "sphinxcontrib.bibtex", "exts.book_structure", "exts.book1", "exts.status", "fake_diagram",
]
bibtex_bibfiles = ["refs.bib"]
book1_registry_file = str(Path(exts.__file__).parents[1] / "bib" / "book1.toml")
project = "Status Book"
myst_enable_extensions = ["colon_fence"]
