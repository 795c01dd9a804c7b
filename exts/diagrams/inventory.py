"""The generated "List of Diagrams" page and the book-wide diagram checks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .convert import find_converter, pdf_name
from .directive import SUFFIXES, diagrams_folder
from .domain import DiagramDomain, DiagramRecord
from .logging import warn
from .nodes import diagram_inventory

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

COLUMNS = (("Figure", 18), ("Caption", 82))
# Draft builds (diagrams_inventory_sources = True) add each diagram's file.
SOURCE_COLUMN = ("Source", 30)


def domain(env: BuildEnvironment) -> DiagramDomain:
    return cast(DiagramDomain, env.get_domain("diagram"))


class DiagramInventory(SphinxDirective):
    """``diagram-inventory``: every diagram of the book, by chapter."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = diagram_inventory()
        self.set_source_info(node)
        return [node]


class KeepCaptions(SphinxTransform):
    """After every read-time transform: the page's captions, as its doctree is stored, for the inventory."""

    default_priority = 999

    def apply(self, **kwargs: object) -> None:
        domain(self.env).keep_captions(self.env.current_document.docname, self.document)


class FillInventory(SphinxPostTransform):
    """Replace the placeholder with one table per chapter, in reading order."""

    default_priority = 5

    def run(self, **kwargs: object) -> None:
        for placeholder in list(self.document.findall(diagram_inventory)):
            placeholder.replace_self(self.tables())

    def tables(self) -> list[nodes.Node]:
        by_doc = domain(self.env).diagrams
        result: list[nodes.Node] = []
        for docname in reading_order(self.env):
            if by_doc.get(docname):
                title = self.env.titles[docname].astext() if docname in self.env.titles else docname
                result += [
                    nodes.rubric(title, title, classes=["diagram-inventory-chapter"]),
                    self.table(by_doc[docname]),
                ]
        return result or [nodes.paragraph("", "The book has no diagrams yet.")]

    def table(self, records: list[DiagramRecord]) -> nodes.table:
        sources = self.config.diagrams_inventory_sources
        columns = (*COLUMNS, SOURCE_COLUMN) if sources else COLUMNS
        group = nodes.tgroup(cols=len(columns))
        group += [nodes.colspec(colwidth=width) for _name, width in columns]
        group += nodes.thead("", row(*(nodes.Text(name) for name, _width in columns)))
        body = nodes.tbody()
        for record in records:
            cells: list[nodes.Node | list[nodes.Node]] = [self.number(record), self.caption(record)]
            if sources:
                cells.append(nodes.literal(record.source, record.source))
            body += row(*cells)
        group += body
        return nodes.table("", group, classes=["diagram-inventory"])

    def caption(self, record: DiagramRecord) -> list[nodes.Node]:
        """The figure's caption as its chapter has it: citations and roles, not their keys.

        The caption's nodes are copied as the chapter's doctree was stored
        (kept by the domain when the chapter was read), before references are
        resolved (this transform runs first), so a citation becomes "Author,
        Year" linked to the chapter's References.
        """
        found = domain(self.env).captions.get(record.docname, {}).get(record.figure_id)
        if found is None:
            return [nodes.Text(record.caption)]
        children = [child.deepcopy() for child in found]
        for child in children:
            for element in child.findall(nodes.Element):
                element["ids"] = []  # the ids belong to the chapter's page
                if isinstance(element, addnodes.pending_xref):
                    element["refdoc"] = self.env.current_document.docname
        return children

    def number(self, record: DiagramRecord) -> nodes.Node:
        numbers = self.env.toc_fignumbers.get(record.docname, {}).get("figure", {})
        number = numbers.get(record.figure_id)
        if number is None:
            return nodes.Text("(unnumbered)")
        text = self.config.numfig_format["figure"] % ".".join(map(str, number))
        return addnodes.pending_xref(
            text,
            nodes.inline(text, text),
            refdomain="diagram",
            reftype="figure",
            reftarget=f"{record.docname}#{record.figure_id}",
            refexplicit=True,
            refwarn=True,
        )


def row(*cells: nodes.Node | list[nodes.Node]) -> nodes.row:
    """A table row; a cell is a node or a list of inline nodes."""
    return nodes.row(
        "",
        *(
            nodes.entry("", nodes.paragraph("", "", *(cell if isinstance(cell, list) else [cell])))
            for cell in cells
        ),
    )


def reading_order(env: BuildEnvironment) -> list[str]:
    """Documents in toctree order from the root document, then any others."""
    order: list[str] = []
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in order:
            continue
        order.append(docname)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    return order + sorted(set(env.found_docs) - set(order))


def inventory_outdated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the inventory page when any diagram's caption, source or number changed."""
    data = domain(env).data
    signature = repr(
        [
            (
                record,
                env.toc_fignumbers.get(record.docname, {}).get("figure", {}).get(record.figure_id),
            )
            for record in domain(env).records()
        ]
    )
    if signature == data.get("signature"):
        return []
    data["signature"] = signature
    return sorted(domain(env).inventories)


def diagram_files(folder: Path) -> list[Path]:
    """The .svg/.html files under ``folder``, without following symlinked folders (loops)."""
    found = []
    for parent, _dirs, files in os.walk(folder, followlinks=False):
        found += [Path(parent) / name for name in files if Path(name).suffix.lower() in SUFFIXES]
    return sorted(path for path in found if path.is_file())


def unreferenced_files(app: Sphinx, env: BuildEnvironment) -> None:
    """Every file in the diagrams folder is used by some page.

    Runs on every build (``env-updated``), so a new unused file is reported
    even when no page changed.
    """
    folder = diagrams_folder(env.srcdir, env.config.diagrams_dir)
    used = {record.source for record in domain(env).records()}
    for path in diagram_files(folder):
        if path.relative_to(folder).as_posix() not in used:
            warn(
                f"{env.config.diagrams_dir}/{path.relative_to(folder).as_posix()}"
                " is used by no diagram directive",
                "unreferenced",
                f"{path}:1",
            )


def check_converter(app: Sphinx, builder: Builder) -> None:
    """One warning, before writing LaTeX, when diagrams need a converter that is missing."""
    if builder.format != "latex" or find_converter(app.config.diagrams_pdf_converter):
        return
    order = {docname: index for index, docname in enumerate(reading_order(app.env))}
    records = sorted(
        domain(app.env).records(), key=lambda r: (order.get(r.docname, len(order)), r.line)
    )
    pending = [
        r for r in records if r.digest and not Path(builder.outdir, pdf_name(r.digest)).exists()
    ]
    if pending:
        first = pending[0]
        warn(
            f"{app.config.diagrams_pdf_converter!r} is not installed: "
            f"{len(pending)} diagram(s) left out of the PDF "
            "(install librsvg2-bin)",
            "converter",
            (first.docname, first.line),
        )
