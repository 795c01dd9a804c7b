"""Tables and code blocks in the EPUB, for reading on a phone.

The EPUB's HTML translator (used by the ``epub`` builder only; the website
keeps the theme's translator, whose tables scroll sideways):

* **Tables stack on a narrow screen**, as on the mobile PDF (:mod:`.tables`):
  every body cell carries its column heading (``data-label``), the first cell
  of a body row is its row heading (``<th scope="row">``), and a table too
  wide for a screen gets a class naming the width below which it stacks
  (``stack-30``, ``stack-40``, ``stack-48``: em). The media queries that
  stack them are written from the same widths (:func:`stacking_css`, in
  ``_static/epub-stacking.css`` of the EPUB). The width a table needs is estimated from its longest words, so
  no word has to break inside a cell: ``source/_static/epub-book.css`` then
  shows each row as a block (the first cell a bold heading, then one
  "column heading | cell" line per other cell) and hides the header row
  visually (a screen reader still reads it).
* **Wrapped code lines get a hanging indent**: each line of a highlighted
  block is a ``<span class="line">`` (``indent-N`` for a line that starts
  with N spaces), which the stylesheet shows as a block whose continuation
  lines are indented past the line's own indentation, so a wrapped line does
  not look like a new one.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from .tables import ancestors

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Widths (em, 16 px each) below which a table may stack, narrowest first; the
# EPUB's stacking stylesheet has one media query per width. A table that fits in PHONE_WIDTH
# never stacks; one wider than the last width stacks below the last width.
STACK_WIDTHS = (30, 40, 48)
PHONE_WIDTH = 20  # em: 320 px, the narrowest phone screen measured
# What a table needs besides its words (em): the page's margins and an
# allowance for a reading system's own, and a cell's padding (0.4em each side
# at the table's 0.85em).
PAGE_MARGINS = 2.5
CELL_PADDING = 0.68
TABLE_FONT = 0.85  # the table's font size (em of the text)
# em: a generous average character of the serif text face (the book's tables
# measure 0.50-0.63 in Chromium at their narrowest, words unbroken)
CHAR_WIDTH = 0.65
# Inline code or a link in a table cell whose longest word is longer than
# this (an identifier, a URL) gets the class "breakable": it may break
# anywhere, and counts as this many characters. Shorter ones never break.
BREAKABLE_LONGEST = 20
# Where a browser may break a line: white space, and after a hyphen or dash.
BREAKS = re.compile(r"[\s\-\u2010\u2013\u2014]+")

LINE_INDENT_STEP = 2  # indent-N classes come in steps of two spaces
LINE_INDENT_MOST = 32  # the deepest indent-N class in the stylesheet
PRE = re.compile(r"(<pre[^>]*>)(<span></span>)?(.*?)(</pre>)", re.S)
TAG = re.compile(r"<[^>]+>")
TAG_SPLIT = re.compile(r"(<[^>]+>)")
CHARACTER = re.compile(r"&#?\w+;|.", re.S)  # one character of HTML text


def column_labels(table: nodes.table) -> list[str] | None:
    """The column headings of a table that can stack: one tgroup, one header
    row, no spanned cells and no stub columns; ``None`` for any other table."""
    tgroups = [child for child in table.children if isinstance(child, nodes.tgroup)]
    if len(tgroups) != 1 or any(colspec.get("stub") for colspec in tgroups[0].findall(nodes.colspec)):
        return None
    thead = next((child for child in tgroups[0].children if isinstance(child, nodes.thead)), None)
    tbody = next((child for child in tgroups[0].children if isinstance(child, nodes.tbody)), None)
    if thead is None or tbody is None or len(thead.children) != 1:
        return None
    entries = [entry for row in (*thead.children, *tbody.children) for entry in row.children]
    if any("morecols" in entry or "morerows" in entry for entry in entries):
        return None
    return [" ".join(entry.astext().split()) for entry in thead.children[0].children]


def longest_word(node: nodes.Node) -> int:
    """The longest piece of a node's text a browser cannot break, in characters."""
    return max((len(word) for word in BREAKS.split(node.astext())), default=0)


def is_breakable(node: nodes.Node) -> bool:
    """Inline code or a link in a table whose longest word is longer than
    ``BREAKABLE_LONGEST``: it may break anywhere."""
    return isinstance(node, (nodes.literal, nodes.reference)) and longest_word(node) > BREAKABLE_LONGEST


def cell_width(entry: nodes.Element) -> int:
    """The longest word of a cell in characters; a breakable one (a long
    identifier or URL) counts as ``BREAKABLE_LONGEST``."""
    longest = 1
    for text in entry.findall(nodes.Text):
        breakable = any(is_breakable(parent) for parent in ancestors(text))
        for word in BREAKS.split(str(text)):
            longest = max(longest, min(len(word), BREAKABLE_LONGEST) if breakable else len(word))
    return longest


def needed_width(table: nodes.table) -> float:
    """The screen width (em) at which every column's longest word fits side by side."""
    rows = list(table.findall(nodes.row))
    columns = max((len(row.children) for row in rows), default=0)
    longest = [1] * columns
    for row in rows:
        for column, entry in enumerate(row.children):
            longest[column] = max(longest[column], cell_width(entry))
    return PAGE_MARGINS + sum(chars * CHAR_WIDTH * TABLE_FONT + CELL_PADDING for chars in longest)


def stack_class(table: nodes.table) -> str | None:
    """``stack-N``: the table stacks on a screen N em wide or narrower; ``None``
    when it fits on the narrowest phone."""
    needed = needed_width(table)
    if needed <= PHONE_WIDTH:
        return None
    width = next((width for width in STACK_WIDTHS if needed <= width), STACK_WIDTHS[-1])
    return f"stack-{width}"


def code_lines(highlighted: str) -> str:
    """Pygments' HTML with each line of the ``<pre>`` in a ``<span class="line">``.

    Pygments closes its token spans at the end of every line, so each line is
    balanced markup; a block where one is not is left as it is.
    """
    match = PRE.search(highlighted)
    if match is None:
        return highlighted
    opening, empty, body, closing = match.groups()
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if any(line.count("<span") != line.count("</span>") for line in lines):
        return highlighted
    wrapped = "".join(f'<span class="{line_classes(line)}">{hold_indent(line)}\n</span>' for line in lines)
    return highlighted[: match.start()] + opening + (empty or "") + wrapped + closing + highlighted[match.end() :]


def hold_indent(line: str) -> str:
    """A line's leading spaces and its first character in ``<span class="lead">``
    (``white-space: pre``), so the line cannot wrap right after its indentation
    and leave its first line empty. Token spans open there are closed before
    the lead ends and opened again after it."""
    if not TAG.sub("", line).startswith(" "):
        return line  # no indentation
    parts = TAG_SPLIT.split(line)
    out = ['<span class="lead">']
    open_tags: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            out.append(part)
            if part.startswith("</"):
                open_tags.pop()
            elif not part.endswith("/>"):
                open_tags.append(part)
            continue
        spaces = len(part) - len(part.lstrip(" "))
        if spaces == len(part):
            out.append(part)
            continue
        first = CHARACTER.match(part, spaces).group(0)
        rest = part[spaces + len(first) :]
        out += [part[: spaces + len(first)], "</span>" * len(open_tags), "</span>", *open_tags, rest]
        out += parts[index + 1 :]
        return "".join(out)
    return line  # spaces only


def line_classes(line: str) -> str:
    """``line``, and ``indent-N`` for a line starting with N spaces (N even, at most 32)."""
    text = html.unescape(TAG.sub("", line))
    spaces = len(text) - len(text.lstrip(" "))
    indent = min(spaces - spaces % LINE_INDENT_STEP, LINE_INDENT_MOST)
    return f"line indent-{indent}" if indent and text.strip() else "line"


class EpubTranslator(HTML5Translator):
    """Sphinx's HTML5 translator with stackable tables and code lines (module docstring)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._table_labels: list[list[str] | None] = []

    def visit_table(self, node: nodes.table) -> None:
        labels = column_labels(node)
        self._table_labels.append(labels)
        if labels is not None and (name := stack_class(node)):
            node["classes"].append(name)
        super().visit_table(node)

    def depart_table(self, node: nodes.table) -> None:
        self._table_labels.pop()
        super().depart_table(node)

    def visit_entry(self, node: nodes.entry) -> None:
        labels = self._table_labels[-1] if self._table_labels else None
        row = node.parent
        if labels is None or not isinstance(row.parent, nodes.tbody):
            super().visit_entry(node)
            return
        column = row.column
        row.column += 1
        label = labels[column] if column < len(labels) else ""
        if column == 0:
            tag = "th"
            attributes = {"classes": ["row-heading"], "scope": "row", "data-label": label}
        else:
            tag = "td"
            attributes = {"data-label": label}
        self.body.append(self.starttag(node, tag, "", **attributes))
        self.context.append(f"</{tag}>\n")

    def visit_literal(self, node: nodes.literal) -> None:
        self.mark_breakable(node)
        super().visit_literal(node)

    def visit_reference(self, node: nodes.reference) -> None:
        self.mark_breakable(node)
        super().visit_reference(node)

    def mark_breakable(self, node: nodes.Element) -> None:
        """A long identifier or URL in a table may break anywhere (class ``breakable``)."""
        if self._table_labels and is_breakable(node):
            node["classes"].append("breakable")

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        start = len(self.body)
        try:
            super().visit_literal_block(node)
        except nodes.SkipNode:  # a highlighted block, written whole
            self.body[start:] = [code_lines("".join(self.body[start:]))]
            raise


STACKING_STYLESHEET = "epub-stacking.css"


def stacking_css() -> str:
    """One media query per width of ``STACK_WIDTHS``: below it, a table of
    class ``stack-N`` shows each row as a block, its header row out of sight."""
    queries = []
    for width in STACK_WIDTHS:
        table = f"table.stack-{width}"
        rules = (
            f"{table}, {table} > caption, {table} > tbody, {table} > tbody > tr, {table} > tbody > tr > th {{ display: block; }}",
            f"{table} > thead {{ position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }}",
            f"{table} > tbody > tr {{ border-top: 2px solid #13294b; padding: 0.2em 0 0.5em; }}",
            f"{table} > tbody > tr > th.row-heading {{ font-weight: bold; border: 0; padding: 0.3em 0; }}",
            f"{table} > tbody > tr > td {{ display: block; display: grid; border: 0; padding: 0.15em 0; }}",
            f"{table} > tbody > tr > td::before {{ content: attr(data-label); }}",
        )
        queries.append(f"@media (max-width: {width}em) {{\n" + "".join(f"  {rule}\n" for rule in rules) + "}\n")
    return "/* Written by exts/publication/epub.py: tables stack below their width. */\n" + "".join(queries)


def use_epub_translator(app: Sphinx) -> None:
    """Give the ``epub`` builder :class:`EpubTranslator` and the stacking
    stylesheet (builder-inited).

    Registered only when the EPUB is built: pydata-sphinx-theme wraps every
    registered translator, and registers one for the website's builder only
    when none is registered, so a translator registered in ``setup`` would
    cost the website its scrolling tables.
    """
    if app.builder.name == "epub":
        app.set_translator("epub", EpubTranslator, override=True)
        static = Path(app.outdir, "_static")
        static.mkdir(parents=True, exist_ok=True)
        (static / STACKING_STYLESHEET).write_text(stacking_css(), encoding="utf-8")
        app.add_css_file(STACKING_STYLESHEET)
