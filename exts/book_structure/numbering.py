"""Figure and table numbers per chapter: "Figure 3.2", "Figure A.1".

Sphinx numbers figures per numbered toctree and restarts at every toctree
(sphinx-doc/sphinx#3357), so the book uses no numbered toctrees: Sphinx
numbers figures book-wide and this module turns those numbers into
per-chapter ones. Sphinx compares its fresh numbers with the stored ones to
decide which pages to rewrite; to keep that comparison honest (and no-op
builds free of rewrites) Sphinx's own numbers are handed back to it just
before it runs, and the book's numbers put in place just after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .loading import get_structure

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

FigNumbers = dict[str, dict[str, dict[str, tuple[int | str, ...]]]]

BEFORE_SPHINX = 400  # Sphinx's TocTreeCollector listens at the default, 500
AFTER_SPHINX = 600


def hand_back_sphinx_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    env.toc_fignumbers = env.get_domain("book").data.get("sphinx_fignumbers", {})
    return []


def apply_chapter_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Put per-chapter numbers in place; rewrite every page when the outline changed.

    Numbers, titles and the parts show up on pages other than their own
    (numbered references, chapter references, Next links, the sidebar), so a
    change to any of them rewrites the whole book. Plain text edits change none.
    """
    data = env.get_domain("book").data
    data["sphinx_fignumbers"] = env.toc_fignumbers
    labels = {e.docname: e.label for e in get_structure(env).entries if e.label}
    env.toc_fignumbers = per_chapter(env.toc_fignumbers, labels)
    signature = outline_signature(env)
    if signature == data.get("outline_signature"):
        return []
    data["outline_signature"] = signature
    return sorted(env.found_docs)


def outline_signature(env: BuildEnvironment) -> tuple[object, ...]:
    """Everything one page may show about the others: titles, figure numbers and
    the book's order and parts (the navigation on every page)."""
    titles = tuple(sorted((docname, title.astext()) for docname, title in env.titles.items()))
    layout = tuple(
        (e.docname, e.kind, e.label, e.part.caption if e.part else None)
        for e in get_structure(env).entries
    )
    return titles, repr(sorted(env.toc_fignumbers.items())), layout


def per_chapter(booknumbers: FigNumbers, labels: dict[str, str]) -> FigNumbers:
    """Renumber each document's figures 1, 2, ... behind its chapter label.

    Sphinx's book-wide numbers increase in reading order, so sorting by them
    keeps each document's figures in the order they appear.
    """
    result: FigNumbers = {}
    for docname, by_type in booknumbers.items():
        prefix = (labels[docname],) if docname in labels else ()
        result[docname] = {
            figtype: {
                figure_id: (*prefix, rank)
                for rank, figure_id in enumerate(sorted(ids, key=ids.__getitem__), start=1)
            }
            for figtype, ids in by_type.items()
        }
    return result
