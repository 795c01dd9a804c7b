extensions = ["myst_parser", "exts.diagrams"]
numfig = True
project = "Bypass"
