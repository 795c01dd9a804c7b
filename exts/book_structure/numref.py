"""``{numref}`` without un-pickling a doctree for every reference.

Sphinx's standard domain resolves each ``{numref}`` by loading its
target's whole doctree from disk (``env.get_doctree``, a fresh un-pickling
every time) only to read the target node's type and id. The book has over a
hundred of them, most pointing into the chapter being written: about 1.5 s
of a 14 s clean build (cProfile, issue 19), more for a longer book. Here
each build's writing phase un-pickles a document's doctree once for all
the references into it. The references are resolved by Sphinx's own code;
only ``get_doctree`` is answered from the build's copies, which are read,
never changed, and dropped when the next build's reading is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sphinx.domains.std import StandardDomain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class BookStandardDomain(StandardDomain):
    """Sphinx's standard domain; ``{numref}`` targets read from one doctree per document and build."""

    def _resolve_numref_xref(self, env: BuildEnvironment, *args: Any, **kwargs: Any) -> Any:
        with doctrees_read_once(env, self.numref_doctrees()):
            return super()._resolve_numref_xref(env, *args, **kwargs)

    def numref_doctrees(self) -> dict[str, nodes.document]:
        """This build's un-pickled doctrees, by document (kept on the domain: never pickled)."""
        return self.__dict__.setdefault("_numref_doctrees", {})


@contextmanager
def doctrees_read_once(env: BuildEnvironment, kept: dict[str, nodes.document]) -> Iterator[None]:
    """Within the block, ``env.get_doctree`` un-pickles each document once and then hands out that copy."""
    load = env.get_doctree

    def get_doctree(docname: str) -> nodes.document:
        if docname not in kept:
            kept[docname] = load(docname)
        return kept[docname]

    env.get_doctree = get_doctree  # type: ignore[method-assign]
    try:
        yield
    finally:
        del env.get_doctree  # the class's method again


def forget_doctrees(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: reading has rewritten doctrees; the copies of the last build are stale."""
    domain = env.domains.standard_domain
    if isinstance(domain, BookStandardDomain):
        domain.numref_doctrees().clear()


def setup_numref(app: Sphinx) -> None:
    app.add_domain(BookStandardDomain, override=True)
    app.connect("env-updated", forget_doctrees)
