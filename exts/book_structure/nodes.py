"""The chapter label ("Chapter 5: ") placed in a chapter's title.

It is text in HTML, EPUB and plain text, and nothing in LaTeX, where
``\\chapter`` numbers the chapter itself.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator


class chapter_label(nodes.inline):  # noqa: N801 - docutils node naming
    """Inline label that precedes a chapter or appendix title."""


def visit_label_html(self: SphinxTranslator, node: chapter_label) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="chapter-label"))


def depart_label_html(self: SphinxTranslator, node: chapter_label) -> None:
    self.body.append("</span>")


def skip_label(self: SphinxTranslator, node: chapter_label) -> None:
    raise nodes.SkipNode


def pass_label(self: SphinxTranslator, node: chapter_label) -> None:
    """Keep the label's text for writers that print it as plain text."""


LABEL_VISITORS = {
    "html": (visit_label_html, depart_label_html),
    "latex": (skip_label, None),
    "text": (pass_label, pass_label),
    "man": (pass_label, pass_label),
    "texinfo": (pass_label, pass_label),
}
