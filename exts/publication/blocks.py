"""Code blocks and boxes in the PDFs: a short block never splits, a long one never starts at a page's foot.

Sphinx's framed ``sphinxVerbatim`` may break anywhere; split in its first or
last lines it leaves one or two lines on a page and overfills it by a few
points (the frame's padding), or runs into the bottom margin.

- A short block, and one with the class ``keep-together`` (a runbook meant
  to be read on one printed page), is typeset as one unbreakable box with
  Sphinx's own switch for that (``\\sphinxverbatimwithminipage``, which it
  uses in table cells). TeX's page builder then moves it whole to the next
  page when it does not fit, whatever floats the page holds.
- A long block asks, with ``\\Needspace*`` (the needspace package's exact
  form), for room for its first lines; an admonition box ("From Book 1"
  notes) asks for room for all of it, its size estimated from its paragraphs.

``\\Needspace*`` compares with the height of the page so far, which is wrong
while a deferred figure waits for the top of the page: a short block that
asked this way ran 14.5 pt into the mobile PDF's bottom margin under one.
"""

from __future__ import annotations

import math

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

KEEP_WHOLE = 15  # lines: a block or box this short moves to the next page whole
FIRST_LINES = 6  # lines a longer block needs on the page where it starts
FRAME = 2  # lines' worth of the frame's padding, above and below
KEEP_TOGETHER = "keep-together"  # the class that keeps a long block on one page
# Characters of code a line holds before Sphinx wraps it (DejaVu Sans Mono at
# the code size): 381 pt print and 281 pt mobile text widths.
LINE_CHARACTERS = {"print": 70, "mobile": 42}
# Characters of text a line of a box (a "From Book 1" note) holds.
BOX_LINE_CHARACTERS = {"print": 80, "mobile": 48}
BOX_TITLE = 3  # lines' worth of a box's title and padding


def printed_lines(text: str, width: int) -> int:
    """Lines a block takes once its long lines wrap at ``width`` characters."""
    return sum(max(1, math.ceil(len(line) / width)) for line in text.splitlines()) or 1


def room_needed(lines: int) -> int:
    """Lines of the page a block of this many lines must find free before it starts."""
    return (lines if lines <= KEEP_WHOLE else FIRST_LINES) + FRAME


def box_lines(box: nodes.Element, width: int) -> int:
    """Lines a box's paragraphs take at ``width`` characters a line, with its title."""
    paragraphs = [p.astext() for p in box.findall(nodes.paragraph)]
    return BOX_TITLE + sum(max(1, math.ceil(len(text) / width)) for text in paragraphs)


class KeepCodeBlocksTogether(SphinxPostTransform):
    """Keep each short code block whole; before a long one and each admonition box, ask for room."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        edition = "mobile" if self.env._tags.has("mobile") else "print"
        for block in list(self.document.findall(nodes.literal_block)):
            lines = printed_lines(block.astext(), LINE_CHARACTERS[edition])
            if KEEP_TOGETHER in block["classes"]:
                ask_for_room(block, lines + FRAME)
            elif lines <= KEEP_WHOLE:
                keep_whole(block)
            else:
                ask_for_room(block, room_needed(lines))
        for box in list(self.document.findall(nodes.Admonition)):
            ask_for_room(box, room_needed(box_lines(box, BOX_LINE_CHARACTERS[edition])))


def in_page_flow(node: nodes.Element) -> bool:
    """Whether the page builder places ``node`` itself: not inside a table cell (boxed
    already) or an admonition box (split by the box)."""
    return node.parent is not None and not isinstance(node.parent, (nodes.entry, nodes.Admonition))


def keep_whole(block: nodes.literal_block) -> None:
    """Typeset ``block`` as one unbreakable box (Sphinx's minipage switch, on around it only)."""
    if not in_page_flow(block):
        return
    parent, index = block.parent, block.parent.index(block)
    parent.insert(index + 1, latex("\\sphinxverbatimwithminipagefalse\n"))
    parent.insert(index, latex("\\sphinxverbatimwithminipagetrue\n"))


def latex(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def ask_for_room(node: nodes.Element, lines: int) -> None:
    """Put ``\\Needspace*{lines}`` before ``node`` in the LaTeX output."""
    if not in_page_flow(node):
        return
    node.parent.insert(node.parent.index(node), latex(f"\\Needspace*{{{lines}\\baselineskip}}\n"))
