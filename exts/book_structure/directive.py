"""``book-contents``: the table of contents, generated from book.toml."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .loading import get_structure
from .model import BookStructure, Entry


class BookContents(SphinxDirective):
    """One toctree per group: front matter, each part, appendices, back matter."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        structure = get_structure(self.env)
        found = self.env.found_docs
        result: list[nodes.Node] = []
        for caption, entries in contents_groups(structure):
            present = [e.docname for e in entries if e.docname in found]
            if present:
                result.append(self.toctree(caption, present))
        return result

    def toctree(self, caption: str | None, docnames: list[str]) -> nodes.compound:
        toctree = addnodes.toctree()
        toctree["parent"] = self.env.current_document.docname
        toctree["entries"] = [(None, docname) for docname in docnames]
        toctree["includefiles"] = list(docnames)
        toctree["maxdepth"] = 1
        toctree["caption"] = caption
        toctree["glob"] = False
        toctree["hidden"] = False
        toctree["includehidden"] = False
        toctree["numbered"] = 0
        toctree["titlesonly"] = True
        self.set_source_info(toctree)
        return nodes.compound("", toctree, classes=["toctree-wrapper", "book-contents"])


def contents_groups(structure: BookStructure) -> list[tuple[str | None, list[Entry]]]:
    """The groups a reader sees, in reading order, with their captions."""
    groups: list[tuple[str | None, list[Entry]]] = [(None, structure.of_kind("front"))]
    groups += [(part.caption, structure.in_part(part)) for part in structure.parts]
    groups.append(("Appendices", structure.of_kind("appendix")))
    groups.append(("Back Matter", structure.of_kind("back")))
    return groups
