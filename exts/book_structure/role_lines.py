"""Cross-references at the line of their role, not of their paragraph.

MyST gives every role in a paragraph the paragraph's first line, so a warning
about the third line's citation points two lines too high. Soft line breaks
stay in the doctree as newlines, so the role's own line is the paragraph's
line plus the newlines of the text before it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

BLOCKS = (nodes.paragraph, nodes.caption, nodes.title)


def role_line(inliner: object, lineno: int) -> int:
    """The line a role is written on, when it runs (for roles that warn while parsing).

    MyST hands a role its paragraph's first line; the paragraph built so far
    (the inliner's ``parent``) holds one newline per line before the role.
    """
    parent = getattr(inliner, "parent", None)
    if not isinstance(parent, BLOCKS):
        return lineno
    return lineno + sum(text.count("\n") for text in parent.findall(nodes.Text))


class ExactRoleLines(SphinxTransform):
    """Give each pending cross-reference the line its role is written on."""

    default_priority = 100  # after parsing; before any transform that warns about a reference

    def apply(self, **kwargs: object) -> None:
        for block in self.document.findall(lambda node: isinstance(node, BLOCKS)):
            if block.line is None:
                continue
            breaks = 0
            for node in block.findall(include_self=False):
                if isinstance(node, nodes.Text):
                    breaks += node.count("\n")
                elif isinstance(node, addnodes.pending_xref) and node.line in (None, block.line):
                    node.line = block.line + breaks
