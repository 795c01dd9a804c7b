"""The generated page: which chapter of this book references which Book 1 chapter."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from exts.book_structure.loading import get_structure

from .domain import book1_xref
from .loading import get_registry


class book1_reference_table(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder, filled once every document has been read."""


class Book1References(SphinxDirective):
    """``{book1-references}``: the cross-reference table."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("book1").pages[self.env.current_document.docname] = True
        registry = get_registry(self.env)
        if registry.path:
            self.env.note_dependency(registry.path)
        node = book1_reference_table()
        self.set_source_info(node)
        return [node]


class FillReferenceTable(SphinxPostTransform):
    """Replace the placeholder by a table; runs before references are resolved."""

    default_priority = 5

    def run(self, **kwargs: object) -> None:
        for placeholder in list(self.document.findall(book1_reference_table)):
            placeholder.replace_self(self.table())

    def table(self) -> nodes.Node:
        by_doc = self.env.get_domain("book1").keys_by_doc()
        position = {e.docname: n for n, e in enumerate(get_structure(self.env).entries)}
        docnames = sorted(
            (d for d, keys in by_doc.items() if keys),
            key=lambda d: (position.get(d, len(position)), d),
        )
        if not docnames:
            return nodes.paragraph("", "No chapter references Book 1 yet.")
        header = [
            [nodes.paragraph("", "This book")],
            [nodes.paragraph("", get_registry(self.env).title)],
        ]
        rows = [[[nodes.paragraph("", "", doc_xref(d))], keys_cell(by_doc[d])] for d in docnames]
        table = build_table(header, rows, classes=["book1-references"])
        caption = f"Chapters of this book and the chapters of {get_registry(self.env).title} they refer to"
        table.insert(0, nodes.title(caption, caption))
        table["ids"].append("book1-references-table")
        return table


def doc_xref(docname: str) -> addnodes.pending_xref:
    """A link to a document showing its title ("Chapter 5: Streaming Audio Architecture")."""
    return addnodes.pending_xref(
        docname,
        nodes.inline(docname, docname),
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docname}",
        refexplicit=False,
        refwarn=True,
    )


def keys_cell(keys: list[str]) -> list[nodes.Node]:
    return [nodes.paragraph("", "", book1_xref(key, short=True)) for key in keys]


Cell = list[nodes.Node]


def build_table(header: list[Cell], rows: list[list[Cell]], classes: list[str]) -> nodes.table:
    """A plain docutils table: a header row and one row per entry; cells are body nodes."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    group += nodes.thead("", make_row(header))
    group += nodes.tbody("", *(make_row(row) for row in rows))
    return table


def make_row(cells: list[Cell]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", *cell) for cell in cells))
