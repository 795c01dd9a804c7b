"""Per-document diagram records, kept parallel-safe and incremental-correct."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.util.nodes import make_refnode

from .nodes import diagram_image, diagram_inventory

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class DiagramRecord(NamedTuple):
    """One diagram on one page."""

    docname: str
    line: int
    source: str  # path under the diagrams folder
    figure_id: str  # "" when the figure has no caption (so no number)
    caption: str
    digest: str  # "" when the file could not be used


def detached(node: nodes.Node) -> nodes.Node:
    """A copy of ``node`` that does not hold on to its document (which would be pickled with it)."""
    copy = node.deepcopy()
    for part in copy.findall():  # Text nodes too
        part.document = None
    return copy


class DiagramDomain(Domain):
    """Which page shows which diagram, and which pages hold the inventory."""

    name = "diagram"
    label = "Diagrams"
    initial_data: dict[str, Any] = {"diagrams": {}, "inventories": set(), "captions": {}}

    @property
    def diagrams(self) -> dict[str, list[DiagramRecord]]:
        return self.data["diagrams"]

    @property
    def inventories(self) -> set[str]:
        return self.data["inventories"]

    @property
    def captions(self) -> dict[str, dict[str, list[nodes.Node]]]:
        """Each figure's caption nodes as the chapter's doctree keeps them, by docname and figure id."""
        return self.data["captions"]

    def records(self) -> list[DiagramRecord]:
        return [record for docname in sorted(self.diagrams) for record in self.diagrams[docname]]

    def clear_doc(self, docname: str) -> None:
        self.diagrams.pop(docname, None)
        self.inventories.discard(docname)
        self.captions.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["diagrams"]:
                self.diagrams[docname] = otherdata["diagrams"][docname]
            if docname in otherdata["inventories"]:
                self.inventories.add(docname)
            if docname in otherdata["captions"]:
                self.captions[docname] = otherdata["captions"][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        records = []
        for image in document.findall(diagram_image):
            figure = image.parent
            caption = next(iter(figure.findall(nodes.caption)), None)
            records.append(
                DiagramRecord(
                    docname,
                    image.line or 0,
                    image["source"],
                    figure["ids"][0] if caption is not None and figure["ids"] else "",
                    caption.astext() if caption is not None else "",
                    image["digest"],
                )
            )
        if records:
            self.diagrams[docname] = records
        if any(True for _ in document.findall(diagram_inventory)):
            self.inventories.add(docname)

    def keep_captions(self, docname: str, document: nodes.document) -> None:
        """The caption nodes of the page's diagrams, as its doctree is stored (read in full).

        The List of Diagrams copies them; keeping them here spares it from
        un-pickling every chapter's doctree on every build.
        """
        captions = {}
        for record in self.diagrams.get(docname, []):
            figure = document.ids.get(record.figure_id) if record.figure_id else None
            found = next(iter(figure.findall(nodes.caption)), None) if figure is not None else None
            if found is not None:
                captions[record.figure_id] = [detached(child) for child in found.children]
        if captions:
            self.captions[docname] = captions

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        """``figure`` references from the inventory: ``<docname>#<figure id>``."""
        docname, _hash, figure_id = target.partition("#")
        if typ != "figure" or docname not in self.diagrams:
            return None
        return make_refnode(builder, fromdocname, docname, figure_id, contnode, contnode.astext())

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.Element]]:
        return []
