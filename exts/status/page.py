"""``status-matrix``: the progress matrix as a table on a draft-only page."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .model import HEADER, cells, totals


class status_matrix(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder, filled once every document has been read."""


class StatusMatrix(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("status").data["pages"][self.env.current_document.docname] = True
        self.env.note_dependency(str(Path(self.env.srcdir) / self.config.status_targets_file))
        node = status_matrix()
        self.set_source_info(node)
        return [node]


class FillStatusMatrix(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs: object) -> None:
        placeholders = list(self.document.findall(status_matrix))
        if not placeholders:  # every page but the status page: the matrix reads every document
            return
        domain = self.env.get_domain("status")
        rows, extra = domain.rows(), domain.extras()[0]
        for placeholder in placeholders:
            lines = [cells(r) for r in rows] + [totals(rows, extra)]
            shown: list[nodes.Node] = [table(HEADER + extra.header, lines)]
            for title, header, note_rows in extra.notes:
                shown += [nodes.rubric(title, title), table(header, list(note_rows))]
            placeholder.replace_self(shown)


def table(header: tuple[str, ...], lines: list[tuple[str, ...]]) -> nodes.table:
    result = nodes.table(classes=["status-matrix"])
    group = nodes.tgroup(cols=len(header))
    result += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    group += nodes.thead("", row(header))
    group += nodes.tbody("", *(row(line) for line in lines))
    return result


def row(texts: tuple[str, ...]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph(text, text)) for text in texts))
