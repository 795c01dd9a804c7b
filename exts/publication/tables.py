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
# (columns up to which the size applies, size command, size in pt) for print
# and for mobile (11 pt text), and each edition's text width and column gap.
SIZES = {
    "print": [(4, r"\small", 10.0), (99, r"\footnotesize", 9.0)],
    "mobile": [(2, r"\small", 10.0), (3, r"\footnotesize", 9.0), (99, r"\scriptsize", 8.0)],
}
SMALLER = [(r"\footnotesize", 9.0), (r"\scriptsize", 8.0)]  # for a table whose words do not fit
TEXT_WIDTH = {"print": 381.0, "mobile": 281.0}  # pt: conf.py's LATEX_PAGE
TABCOLSEP = {"print": 4.0, "mobile": 2.0}  # pt each side of a cell
CHAR_WIDTH = 0.55  # em: a wide-ish average character of Pagella


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
            sizes = self.sizes(edition, len(colspecs))
            if edition == "mobile" and not fits(tgroup, len(colspecs), edition, sizes[-1][1]):
                tgroup = stack(tgroup)  # too wide even at the smallest size: one row a block
                colspecs = [child for child in tgroup.children if isinstance(child, nodes.colspec)]
                sizes = self.sizes(edition, len(colspecs))
                table["classes"].append("stacked")
            size = sizes[0][0]
            if "colwidths-given" not in table["classes"]:
                for size, points in sizes:  # a size smaller while the longest words do not fit
                    characters = room(edition, len(colspecs), points)
                    if fits(tgroup, len(colspecs), edition, points):
                        break
                for colspec, width in zip(colspecs, column_widths(tgroup, len(colspecs), characters)):
                    colspec["colwidth"] = width
                table["classes"].append("colwidths-given")
            if "longtable" not in table["classes"]:
                table["classes"].append("longtable")
            parent = table.parent
            index = parent.index(table)
            opening = f"\\begingroup{size}\\setlength{{\\tabcolsep}}{{{TABCOLSEP[edition]:g}pt}}\n"
            parent.insert(index + 1, nodes.raw("", "\\endgroup\n", format="latex"))
            parent.insert(index, nodes.raw("", opening, format="latex"))


    @staticmethod
    def sizes(edition: str, columns: int) -> list[tuple[str, float]]:
        """The edition's size for a table of this many columns, then the smaller ones."""
        sizes = [(cmd, pt) for most, cmd, pt in SIZES[edition] if columns <= most]
        return sizes + [cmd_pt for cmd_pt in SMALLER if cmd_pt[1] < sizes[0][1]]


def room(edition: str, columns: int, points: float) -> float:
    """Characters of text a row holds at this size, between the column gaps."""
    return (TEXT_WIDTH[edition] - 2 * TABCOLSEP[edition] * columns) / (CHAR_WIDTH * points)


def fits(tgroup: nodes.tgroup, columns: int, edition: str, points: float) -> bool:
    """Every column's longest word fits side by side at this size."""
    return sum(longest_words(tgroup, columns)) + columns <= room(edition, columns, points)


def stack(tgroup: nodes.tgroup) -> nodes.tgroup:
    """The same table with two columns: per row, its first cell as a heading across
    both, then one line per other cell (the column's heading, the cell). Replaces
    ``tgroup`` in its table and returns the new one."""
    thead = next(iter(tgroup.findall(nodes.thead)), None)
    headings = [entry.children for entry in thead.findall(nodes.entry)] if thead else []
    stacked = nodes.tgroup(cols=2)
    stacked += [nodes.colspec(colwidth=35), nodes.colspec(colwidth=65)]
    body = nodes.tbody()
    for row in next(iter(tgroup.findall(nodes.tbody))).findall(nodes.row):
        entries = [entry for entry in row.children if isinstance(entry, nodes.entry)]
        first = nodes.entry("", *(strong(child) for child in entries[0].children), morecols=1)
        body += nodes.row("", first)
        for index, entry in enumerate(entries[1:], start=1):
            heading = [child.deepcopy() for child in headings[index]] if index < len(headings) else []
            body += nodes.row("", nodes.entry("", *heading), entry.deepcopy())
    stacked += body
    tgroup.replace_self(stacked)
    return stacked


def strong(child: nodes.Node) -> nodes.Node:
    """A paragraph's content set in bold; anything else as it is."""
    if isinstance(child, nodes.paragraph):
        return nodes.paragraph("", "", nodes.strong("", "", *(c.deepcopy() for c in child.children)))
    return child.deepcopy()


def ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def cells(tgroup: nodes.tgroup, count: int):
    """(column, text) of every cell that spans one column."""
    for row in tgroup.findall(nodes.row):
        column = 0
        for entry in row.children:
            if column >= count:
                break
            span = entry.get("morecols", 0) + 1
            if span == 1:
                yield column, entry.astext()
            column += span


def words(text: str) -> list[str]:
    """The pieces LaTeX cannot break: split at spaces (a no-break space joins, as in
    "30\u00a0ms") and after a hyphen, slash or comma."""
    return [part for word in BREAKABLE_SPACE.split(text) for part in re.split(r"(?<=[-/,])", word) if part]


BREAKABLE_SPACE = re.compile(r"[ \t\n]+")


def longest_words(tgroup: nodes.tgroup, count: int) -> list[int]:
    """The longest unbreakable word of each column, in characters."""
    longest = [1] * count
    for column, text in cells(tgroup, count):
        longest[column] = max([longest[column], *(min(LONGEST_WORD, len(w)) for w in words(text))])
    return longest


def column_widths(tgroup: nodes.tgroup, count: int, characters: float = 100.0) -> list[int]:
    """Widths in characters (about ``characters`` in all) from the cells' text.

    Each column wants room in proportion to its typical cell (its longest word,
    or the square root of its average length, whichever is more) and gets at
    least its longest word, when the row has room for every longest word.
    """
    longest = longest_words(tgroup, count)
    total = [0] * count
    for column, text in cells(tgroup, count):
        total[column] += len(text)
    rows = len(list(tgroup.findall(nodes.row)))
    wanted = [
        max(longest[j] * 1.3, math.sqrt(total[j] / max(rows, 1)) * 4, 4.0) for j in range(count)
    ]
    minimum = [longest[j] + 1.0 for j in range(count)]
    widths = [w * characters / sum(wanted) for w in wanted]
    if sum(minimum) > characters:  # no room for every longest word: share the shortfall
        return [max(1, round(m * 10)) for m in minimum]
    if sum(minimum) <= characters:
        for _ in range(count):  # raise narrow columns to their minimum, take it from the others
            short = [j for j in range(count) if widths[j] < minimum[j]]
            if not short:
                break
            fixed = set(short) | {j for j in range(count) if widths[j] == minimum[j]}
            for j in short:
                widths[j] = minimum[j]
            free = [j for j in range(count) if j not in fixed]
            left = characters - sum(widths[j] for j in fixed)
            share = sum(wanted[j] for j in free)
            for j in free:
                widths[j] = wanted[j] * left / share if share else widths[j]
    return [max(1, round(w * 10)) for w in widths]


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
