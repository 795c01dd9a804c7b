"""Code blocks in the PDFs: a short block never splits, a long one never starts at a page's foot.

Admonition boxes ("From Book 1" notes) ask the same way, their size
estimated from their paragraphs. A block with the class ``keep-together`` (a runbook meant to be read on one
printed page) always asks for room for all of it.

Sphinx's framed ``sphinxVerbatim`` may break anywhere; split in its first or
last lines it leaves one or two lines on a page and overfills it by a few
points (the frame's padding), or runs into the bottom margin. Before each
block the LaTeX output asks, with ``\\Needspace*`` (the needspace package's exact form), for room for the whole
block when it is short, and for its first lines when it is long.
"""

from __future__ import annotations

import math

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

KEEP_WHOLE = 15  # lines: a block this short moves to the next page whole
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


def room_needed(lines: int, keep_together: bool = False) -> int:
    """Lines of the page a block of this many lines must find free before it starts."""
    return (lines if keep_together or lines <= KEEP_WHOLE else FIRST_LINES) + FRAME


def box_lines(box: nodes.Element, width: int) -> int:
    """Lines a box's paragraphs take at ``width`` characters a line, with its title."""
    paragraphs = [p.astext() for p in box.findall(nodes.paragraph)]
    return BOX_TITLE + sum(max(1, math.ceil(len(text) / width)) for text in paragraphs)


class KeepCodeBlocksTogether(SphinxPostTransform):
    """Before each code block and each admonition box, ask for room (``\\Needspace*``)."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        edition = "mobile" if self.env._tags.has("mobile") else "print"
        for block in list(self.document.findall(nodes.literal_block)):
            lines = printed_lines(block.astext(), LINE_CHARACTERS[edition])
            ask_for_room(block, room_needed(lines, KEEP_TOGETHER in block["classes"]))
        for box in list(self.document.findall(nodes.Admonition)):
            ask_for_room(box, room_needed(box_lines(box, BOX_LINE_CHARACTERS[edition])))


def ask_for_room(node: nodes.Element, lines: int) -> None:
    """Put ``\\Needspace*{lines}`` before ``node`` in the LaTeX output."""
    if node.parent is None or isinstance(node.parent, (nodes.entry, nodes.Admonition)):
        return  # inside a table cell or a box the page builder cannot act
    needspace = nodes.raw("", f"\\Needspace*{{{lines}\\baselineskip}}\n", format="latex")
    node.parent.insert(node.parent.index(node), needspace)
