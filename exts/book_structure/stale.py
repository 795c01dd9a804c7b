"""Remove the output pages of documents that no longer exist.

Sphinx writes a page per document and never deletes one: after a chapter is
deleted (or renamed), an incremental build leaves its old page in the
website, and the EPUB builder packs every file of its output folder. Each
builder's documents are recorded in the environment at ``env-updated``
(before Sphinx saves it), and the pages of recorded documents that are gone
are removed there, before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import BookDomain


def remove_stale_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: delete the page of every document built before and gone now."""
    builder = app.builder
    if not hasattr(builder, "get_outfilename"):
        return []  # one-file builders (LaTeX) rewrite their whole output
    domain = cast("BookDomain", env.get_domain("book"))
    written: dict[str, list[str]] = domain.data.setdefault("written", {})
    outdir = Path(builder.outdir).resolve()
    for docname in set(written.get(builder.name, ())) - set(env.found_docs):
        page = Path(builder.get_outfilename(docname)).resolve()
        if page.is_relative_to(outdir) and page.is_file():
            page.unlink()
    written[builder.name] = sorted(env.found_docs)
    return []
