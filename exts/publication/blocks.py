"""Code blocks in the PDFs: a short block never splits, a long one never starts at a page's foot.

A block with the class ``keep-together`` (a runbook meant to be read on one
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


def printed_lines(text: str, width: int) -> int:
    """Lines a block takes once its long lines wrap at ``width`` characters."""
    return sum(max(1, math.ceil(len(line) / width)) for line in text.splitlines()) or 1


def room_needed(lines: int, keep_together: bool = False) -> int:
    """Lines of the page a block of this many lines must find free before it starts."""
    return (lines if keep_together or lines <= KEEP_WHOLE else FIRST_LINES) + FRAME


class KeepCodeBlocksTogether(SphinxPostTransform):
    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        for block in list(self.document.findall(nodes.literal_block)):
            if block.parent is None:
                continue
            edition = "mobile" if self.env._tags.has("mobile") else "print"
            lines = printed_lines(block.astext(), LINE_CHARACTERS[edition])
            room = room_needed(lines, KEEP_TOGETHER in block["classes"])
            needspace = nodes.raw("", f"\\Needspace*{{{room}\\baselineskip}}\n", format="latex")
            block.parent.insert(block.parent.index(block), needspace)
