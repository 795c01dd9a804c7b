extensions = ["myst_parser", "exts.diagrams"]
numfig = True
project = "Lints"

# The print-size lint has its own tests (test_diagrams_model.py); these
# fixtures use the older 800-wide template.
diagrams_min_print_size = 0
