import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
# fake_diagram stands in for exts.diagrams: it registers a "diagram" directive
# that makes a figure with class "diagram", as the issue 3 contract says.
extensions = ["myst_parser", "exts.book_structure", "exts.conventions", "fake_diagram"]
project = "Test Book"
