"""``works-cited``: where the Works Cited page's generated content goes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .nodes import works_cited_page

if TYPE_CHECKING:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from .domain import CitationsDomain


class WorksCited(SphinxDirective):
    """A placeholder, filled at write time from every document's citations."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        docname = self.env.current_document.docname
        cast("CitationsDomain", self.env.get_domain("citations")).pages[docname] = self.lineno
        for path in cast("BibtexDomain", self.env.get_domain("cite")).bibdata.bibfiles:
            self.env.note_dependency(str(path))
        node = works_cited_page("", docname=docname)
        self.set_source_info(node)
        return [node]
