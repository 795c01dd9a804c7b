"""The book's own Sphinx extensions, one package per concern."""
