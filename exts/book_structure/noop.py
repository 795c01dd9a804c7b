"""HTML builds that skip writing what would not change: book-wide pages, static files.

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
- no static file (theme or ``html_static_path``) and no ``.buildinfo``
  (rewritten when an HTML setting changed) is newer than the object
  inventory, which Sphinx writes last, and that inventory is newer than
  the environment Sphinx saved: a build that stopped before its end is
  finished by the next one.

Otherwise it finishes as Sphinx does. Likewise it skips copying the
static files (Sphinx reads each one and its copy to compare them, on every
build: about 40 ms) while the configuration is the same and no static file
is newer than the last finished build. tests/test_fast_paths.py compares
its output with Sphinx's own ``finish`` and ``copy_static_files``, file by
file, over a series of builds.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import ENV_PICKLE_FILENAME
from sphinx.builders.html import INVENTORY_FILENAME, StandaloneHTMLBuilder
from sphinx.environment import CONFIG_OK
from sphinx.util import logging

from .theme_pygments import write_theme_pygments_css

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class BookHTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's HTML builder, keeping the book-wide pages when nothing they show changed."""

    sources_changed = True  # until env-get-outdated says otherwise
    config_changed = True  # likewise
    documents_written = False

    def write_documents(self, docnames: Set[str]) -> None:
        self.documents_written = True
        super().write_documents(docnames)

    def copy_static_files(self) -> None:
        """Sphinx compares every static file with its copy on every build (reading both):
        skipped while the configuration is the same and no static file is newer than the last
        finished build."""
        if self.config_changed or not self._static_dir.is_dir() or not self.static_current():
            super().copy_static_files()
            write_theme_pygments_css(self._app)  # Builder.app is deprecated in Sphinx 9

    def finished(self) -> int | None:
        """When the last build that wrote everything ended (the inventory is written last)."""
        try:
            return (self.outdir / INVENTORY_FILENAME).stat().st_mtime_ns
        except OSError:
            return None

    def static_current(self) -> bool:
        """Every static file is copied and none, nor an HTML setting (Sphinx rewrites ``.buildinfo``
        when one changed), is newer than the last finished build."""
        finished = self.finished()
        try:
            if finished is None or (self.outdir / ".buildinfo").stat().st_mtime_ns > finished:
                return False
            return all(
                source.stat().st_mtime_ns <= finished and copy.exists()
                for source, copy in self.static_files()
            )
        except OSError:
            return False

    def finish(self) -> None:
        if self.sources_changed or self.documents_written or not self.pages_current():
            super().finish()
            return
        logger.info("no page changed: the index, search and extension pages are kept")

    def pages_current(self) -> bool:
        """The last full finish came after the saved environment and after every static file."""
        finished = self.finished()
        try:
            saved = (self.doctreedir / ENV_PICKLE_FILENAME).stat().st_mtime_ns
        except OSError:
            return False
        return finished is not None and finished >= saved and self.static_current()

    def static_files(self) -> Iterator[tuple[Path, Path]]:
        """Each file Sphinx copies into ``_static`` (the theme's and ``html_static_path``'s) and
        its copy (a template, ``name.jinja`` or ``name_t``, is rendered to ``name``)."""
        folders = [Path(folder) / "static" for folder in self.theme.get_theme_dirs()]
        folders += [self.confdir / entry for entry in self.config.html_static_path]
        for folder in folders:
            if folder.is_file():
                yield folder, self._static_dir / rendered_name(folder.name)
            elif folder.is_dir():
                for path in folder.rglob("*"):
                    name = path.relative_to(folder).as_posix()
                    hidden = any(part.startswith(".") for part in name.split("/"))  # Sphinx skips
                    if path.is_file() and not hidden:
                        yield path, self._static_dir / rendered_name(name)


def rendered_name(name: str) -> str:
    """The name Sphinx gives a static file's copy (``copy_asset``: templates lose their suffix)."""
    return name.removesuffix(".jinja").removesuffix("_t")


def note_outdated(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``: whether a source was added, changed or removed; the configuration."""
    if isinstance(app.builder, BookHTMLBuilder):
        app.builder.sources_changed = bool(added or changed or removed)
        app.builder.config_changed = env.config_status != CONFIG_OK
    return []


def setup_noop(app: Sphinx) -> None:
    app.add_builder(BookHTMLBuilder, override=True)
    app.connect("env-get-outdated", note_outdated)

