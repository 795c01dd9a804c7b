"""Tables in the LaTeX output: breakable, sized to their content, a size smaller.

Sphinx sets a table as ``tabulary`` (one page, columns sized by LaTeX) unless
it has the ``longtable`` class or more than 30 rows. Every table here gets the
class, so it breaks across pages and repeats its header row; a ``longtable``
needs its column widths up front, so they are computed from the content (the
longest word of a column and its average cell length) and given as
``colwidths-given`` widths, which Sphinx turns into ``\\X`` columns (ragged
right, see conf.py). The table is set a size smaller than the text, one more
step smaller when it has many columns, and smaller again on the mobile PDF.
"""

from __future__ import annotations

import math
import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

LONGEST_WORD = 22  # characters; longer words (URLs, identifiers) break anyway
# (columns up to which the size applies, size) for print and for mobile.
SIZES = {
    "print": [(4, r"\small"), (99, r"\footnotesize")],
    "mobile": [(2, r"\small"), (3, r"\footnotesize"), (99, r"\scriptsize")],
}


class LatexTables(SphinxPostTransform):
    default_priority = 900  # after every generated table is in place
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        edition = "mobile" if self.env._tags.has("mobile") else "print"
        for table in list(self.document.findall(nodes.table)):
            if any(isinstance(parent, nodes.table) for parent in ancestors(table)):
                continue  # a nested table stays a tabular
            tgroup = next(iter(table.findall(nodes.tgroup)), None)
            if tgroup is None:
                continue
            colspecs = [child for child in tgroup.children if isinstance(child, nodes.colspec)]
            if "colwidths-given" not in table["classes"]:
                for colspec, width in zip(colspecs, column_widths(tgroup, len(colspecs))):
                    colspec["colwidth"] = width
                table["classes"].append("colwidths-given")
            if "longtable" not in table["classes"]:
                table["classes"].append("longtable")
            size = next(size for most, size in SIZES[edition] if len(colspecs) <= most)
            parent = table.parent
            index = parent.index(table)
            parent.insert(index + 1, nodes.raw("", "\\endgroup\n", format="latex"))
            parent.insert(index, nodes.raw("", f"\\begingroup{size}\n", format="latex"))


def ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def column_widths(tgroup: nodes.tgroup, count: int) -> list[int]:
    """Relative widths (summing to about 100) from the cells' text."""
    longest = [1] * count
    total = [0] * count
    rows = 0
    for row in tgroup.findall(nodes.row):
        rows += 1
        column = 0
        for entry in row.children:
            if column >= count:
                break
            text = entry.astext()
            words = text.split() or [""]
            span = entry.get("morecols", 0) + 1
            if span == 1:
                longest[column] = max(longest[column], min(LONGEST_WORD, max(map(len, words))))
                total[column] += len(text)
            column += span
    weights = [
        max(longest[j] * 1.3, math.sqrt(total[j] / max(rows, 1)) * 4, 4.0) for j in range(count)
    ]
    scale = 100 / sum(weights)
    return [max(1, round(w * scale)) for w in weights]


class BreakableLiterals(SphinxPostTransform):
    """Long inline code (paths, model names, URLs in backquotes) may break after ``/._-``.

    LaTeX cannot break inside ``\\sphinxcode``; a long identifier in a narrow
    table column or at the end of a line then sticks out into the margin. The
    literal is split into adjacent pieces with ``\\allowbreak`` between them:
    the same text, with break points and no hyphen added.
    """

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        for literal in list(self.document.findall(nodes.literal)):
            text = literal.astext()
            if len(text) < MIN_BREAKABLE or len(literal.children) != 1 or literal.parent is None:
                continue
            pieces = [piece for piece in BREAK_AFTER.split(text) if piece]
            if len(pieces) < 2:
                continue
            replacement: list[nodes.Node] = []
            for piece in pieces:
                if replacement:
                    replacement.append(nodes.raw("", r"\allowbreak{}", format="latex"))
                replacement.append(nodes.literal(piece, piece, classes=literal["classes"]))
            literal.replace_self(replacement)
        for entry in list(self.document.findall(nodes.entry)):
            for text in list(entry.findall(nodes.Text)):
                if isinstance(text.parent, (nodes.literal, nodes.raw)) or text.parent is None:
                    continue
                pieces = LONG_WORD_BREAK.split(str(text))
                if len(pieces) < 2:
                    continue
                replacement = []
                for piece in pieces:
                    if replacement:
                        replacement.append(nodes.raw("", r"\allowbreak{}", format="latex"))
                    replacement.append(nodes.Text(piece))
                parent = text.parent
                index = parent.index(text)
                parent[index : index + 1] = replacement


MIN_BREAKABLE = 10
BREAK_AFTER = re.compile(r"(?<=[/._\-,=&?:])")
# In table cells, text may also break after a slash or a comma inside a word
# (a file path, comma-joined identifiers): a narrow column has no room for them.
LONG_WORD_BREAK = re.compile(r"(?<=[/,])(?=\S)")
