# The book's commands. Every target creates the virtual environment first
# (from pyproject.toml), so a fresh clone needs only Python 3.11 and make.

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SOURCEDIR   := source
BUILDDIR    := _build
SPHINXOPTS  ?=
SPHINX      := $(BIN)/sphinx-build -M
STRICT      := -W --keep-going -c .
STAMP       := $(VENV)/.installed

.PHONY: help venv html latex epub linkcheck validate test livehtml status outline draft clean

help:
	@echo "make html       build the website into $(BUILDDIR)/html"
	@echo "make latex      write the LaTeX sources into $(BUILDDIR)/latex"
	@echo "make epub       build the EPUB into $(BUILDDIR)/epub"
	@echo "make validate   html + latex + epub with -W: the author's validator"
	@echo "make linkcheck  check every link and cited URL"
	@echo "make livehtml   live preview on http://127.0.0.1:8000"
	@echo "make test       run the test suite"
	@echo "make status     print the progress matrix (status, words, diagrams, citations, Book 1 refs)"
	@echo "make outline    write every heading of the book, numbered, to $(BUILDDIR)/outline.md"
	@echo "make draft      website with the draft-only status page, into $(BUILDDIR)/draft"
	@echo "make clean      remove $(BUILDDIR)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,preview]'
	touch $(STAMP)

venv: $(STAMP)

html latex epub linkcheck: $(STAMP)
	$(SPHINX) $@ $(SOURCEDIR) $(BUILDDIR) $(STRICT) $(SPHINXOPTS)

validate: $(STAMP)
	$(SPHINX) html $(SOURCEDIR) $(BUILDDIR) $(STRICT) $(SPHINXOPTS)
	$(SPHINX) latex $(SOURCEDIR) $(BUILDDIR) $(STRICT) $(SPHINXOPTS)
	$(SPHINX) epub $(SOURCEDIR) $(BUILDDIR) $(STRICT) $(SPHINXOPTS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# status and outline read the book (no -W: they report on a book in progress).
META := -q -c . -d $(BUILDDIR)/doctrees-meta

status: $(STAMP)
	$(BIN)/sphinx-build -b status $(META) $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)
	@cat $(BUILDDIR)/status.md

outline: $(STAMP)
	$(BIN)/sphinx-build -b outline $(META) $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)

draft: $(STAMP)
	$(BIN)/sphinx-build -b html -t draft $(STRICT) -d $(BUILDDIR)/doctrees-draft $(SOURCEDIR) $(BUILDDIR)/draft $(SPHINXOPTS)

livehtml: $(STAMP)
	$(BIN)/sphinx-autobuild $(SOURCEDIR) $(BUILDDIR)/html -c . --host 127.0.0.1 --port 8000 $(SPHINXOPTS)

clean:
	rm -rf $(BUILDDIR)
