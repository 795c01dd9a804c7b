"""A no-op HTML build keeps the book-wide pages the last build wrote.

Sphinx's HTML builder writes the general index, the search page, the
extensions' pages (sphinx-notfound-page's 404 page), the search index and
the object inventory on every build, even when no source changed and no
page was written: each of them renders the whole sidebar, about 0.3 s of a
1.5 s no-op build at 1x, more at 4x (issue 19). What they show comes from
the environment, the configuration, the templates and the static files'
checksums. ``BookHTMLBuilder`` keeps them as written when

- no document was added, changed or removed (``env-get-outdated``; a
  configuration change marks every document changed),
- no document was written (a template newer than a page makes Sphinx
  rewrite every page),
- no static file (theme or ``html_static_path``) is newer than the object
  inventory, which Sphinx writes last, and that inventory is newer than
  the environment Sphinx saved: a build that stopped before its end is
  finished by the next one.

Otherwise it finishes as Sphinx does. tests/test_fast_paths.py compares a
no-op build's website with a clean build's, file by file.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import ENV_PICKLE_FILENAME
from sphinx.builders.html import INVENTORY_FILENAME, StandaloneHTMLBuilder
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class BookHTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's HTML builder, keeping the book-wide pages when nothing they show changed."""

    sources_changed = True  # until env-get-outdated says otherwise
    documents_written = False

    def write_documents(self, docnames: Set[str]) -> None:
        self.documents_written = True
        super().write_documents(docnames)

    def finish(self) -> None:
        if self.sources_changed or self.documents_written or not self.pages_current():
            super().finish()
            return
        logger.info("no page changed: the index, search and extension pages are kept")
        self.finish_tasks.add_task(self.write_buildinfo)

    def pages_current(self) -> bool:
        """The last full finish came after the saved environment and after every static file."""
        try:
            finished = (self.outdir / INVENTORY_FILENAME).stat().st_mtime_ns
            saved = (self.doctreedir / ENV_PICKLE_FILENAME).stat().st_mtime_ns
        except OSError:
            return False
        return finished >= saved and all(path.stat().st_mtime_ns <= finished for path in self.static_sources())

    def static_sources(self) -> Iterator[Path]:
        """Every file Sphinx copies into ``_static``: the theme's and ``html_static_path``'s."""
        folders = [Path(folder) / "static" for folder in self.theme.get_theme_dirs()]
        folders += [self.confdir / entry for entry in self.config.html_static_path]
        for folder in folders:
            if folder.is_file():
                yield folder
            elif folder.is_dir():
                yield from (path for path in folder.rglob("*") if path.is_file())


def note_outdated(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``: whether any source was added, changed or removed."""
    if isinstance(app.builder, BookHTMLBuilder):
        app.builder.sources_changed = bool(added or changed or removed)
    return []


def setup_noop(app: Sphinx) -> None:
    app.add_builder(BookHTMLBuilder, override=True)
    app.connect("env-get-outdated", note_outdated)

