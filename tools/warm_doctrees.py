"""Doctrees a warm build child (tools/warm_build.py) loaded, un-pickled ahead for the next one.

Sphinx's ``BuildEnvironment.get_doctree`` un-pickles a document's stored
doctree each time one is asked for: ``{numref}`` does it for every target
document of the edited chapter (the std domain looks the target node up in
its document), about 0.1 s at 4x the book. The child notes the documents
it loaded to look something up in them (not the pages it writes: a build
that rewrites every page would have the warm process un-pickle the whole
book); after the build the warm process un-pickles them from their
files and keeps them, each with the file's inode, size and times. The next
child takes a kept doctree in place of un-pickling the file only while the
file is unchanged, and only once (a caller may change the doctree it gets;
a second call reads the file, as Sphinx would).
"""

from __future__ import annotations

import gc
import pickle
from pathlib import Path
from typing import Any

FileState = tuple[int, int, int, int]


def file_state(path: Path) -> FileState | None:
    """A file's inode, size and times: what says it was not replaced or rewritten."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class KeptDoctrees:
    """Doctrees un-pickled by the warm process, by document, with their file's state."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[Path, FileState, Any]] = {}
        self.loaded: list[str] = []  # in the child: the documents it looked things up in
        self.resolving: str | None = None  # in the child: the document being resolved for writing

    def refresh(self, doctreedir: Path, docnames: list[str]) -> None:
        """After a build: keep the doctrees its child loaded, as their files are now."""
        previous, self.kept = self.kept, {}
        for docname in dict.fromkeys(docnames):
            path = doctreedir / f"{docname}.doctree"
            state = file_state(path)
            if state is None:
                continue
            if docname in previous and previous[docname][:2] == (path, state):
                self.kept[docname] = previous[docname]
                continue
            gc.disable()  # un-pickling allocates many objects: no collections meanwhile
            try:
                doctree = pickle.loads(path.read_bytes())  # noqa: S301 - the build's own doctree
            except Exception:  # noqa: BLE001, S112 - the next child reads (and reports on) it itself
                continue
            finally:
                gc.enable()
            if file_state(path) == state:
                self.kept[docname] = (path, state, doctree)

    def install(self) -> None:
        """In the child: ``get_doctree`` takes a kept doctree, once, while its file is unchanged."""
        from sphinx.environment import BuildEnvironment
        from sphinx.util.docutils import LoggingReporter

        original = BuildEnvironment.get_doctree
        original_resolve = BuildEnvironment.get_and_resolve_doctree
        kept = self

        def get_and_resolve_doctree(
            env: BuildEnvironment, docname: str, *args: Any, **kwargs: Any
        ) -> Any:
            outer, kept.resolving = kept.resolving, docname
            try:
                return original_resolve(env, docname, *args, **kwargs)
            finally:
                kept.resolving = outer

        def get_doctree(env: BuildEnvironment, docname: str) -> Any:
            if docname == kept.resolving:  # the page being written: read as Sphinx does
                return original(env, docname)
            kept.loaded.append(docname)
            entry = kept.kept.pop(docname, None)
            path = Path(env.doctreedir).resolve() / f"{docname}.doctree"
            if entry is None or path != entry[0] or file_state(path) != entry[1]:
                return original(env, docname)
            doctree = entry[2]
            doctree.settings.env = env
            doctree.reporter = LoggingReporter(str(env.doc2path(docname)))
            return doctree

        BuildEnvironment.get_doctree = get_doctree  # type: ignore[method-assign]
        BuildEnvironment.get_and_resolve_doctree = (  # type: ignore[method-assign]
            get_and_resolve_doctree
        )


KEPT_DOCTREES = KeptDoctrees()
