"""Draft-only material and outline chapters, for editions (builds without ``-t draft``)."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from exts.book_structure.loading import get_structure

# A section of an outline chapter kept as its abstract; the class tells the
# conventions check that the required sections are left out on purpose.
IN_PREPARATION_CLASS = "in-preparation"
# Builders that report on the book as written, never an edition.
REPORTING_BUILDERS = {"status", "outline"}
NOTE = (
    "This chapter is in preparation. The outline above says what it will cover; "
    "the full text will appear in a later edition."
)


class DraftOnly(SphinxTransform):
    """Remove draft-only blocks, and reduce an outline chapter to its abstract."""

    default_priority = 850  # before the References (860) and the Next link (870)

    def apply(self, **kwargs: object) -> None:
        if self.env._tags.has("draft") or self.env._builder_cls.name in REPORTING_BUILDERS:
            return
        classes = set(self.config.publication_draft_classes)
        for node in list(self.document.findall(nodes.Element)):
            if classes & set(node.get("classes", ())) and node.parent is not None:
                node.parent.remove(node)
        entry = get_structure(self.env).get(self.env.docname)
        outline = self.env.metadata.get(self.env.docname, {}).get("status") == "outline"
        if outline and entry is not None and entry.kind in ("chapter", "appendix"):
            self.abstract()

    def abstract(self) -> None:
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is None:
            return
        overview = next(
            (
                child
                for child in top.children
                if isinstance(child, nodes.section) and child[0].astext().strip() == "Overview"
            ),
            None,
        )
        summary = next(
            (
                child
                for child in (overview.children if overview else [])
                if isinstance(child, (nodes.paragraph, nodes.bullet_list, nodes.enumerated_list))
            ),
            None,
        )
        kept = [child for child in top.children if not isinstance(child, nodes.section)]
        top.children = []
        for child in kept:
            top.append(child)
        if summary is not None:
            top.append(summary)
        note = nodes.note("", nodes.paragraph("", NOTE))
        top.append(note)
        top["classes"].append(IN_PREPARATION_CLASS)
