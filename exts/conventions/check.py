"""Check each document against the chapter conventions once it has been read."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import is_directive_registered

from exts.book_structure.loading import get_structure
from exts.book_structure.nodes import chapter_label
from exts.status.model import is_written

from exts.publication.draft import IN_PREPARATION_CLASS

from .logging import warn
from .sections import Heading, check_required, find, marks, too_deep
from .text import hardcoded_numbers, placeholders

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Text inside these is code, markup or generated, never the author's prose.
SKIPPED = (
    nodes.literal,
    nodes.literal_block,
    nodes.raw,
    nodes.comment,
    nodes.math,
    nodes.math_block,
    nodes.doctest_block,
    nodes.target,
    nodes.substitution_definition,
    addnodes.pending_xref,
    chapter_label,
)
# The diagram directive (issue 3) puts this class on its figure node.
DIAGRAM_CLASS = "diagram"
# The References section the works_cited extension (issue 4) appends is generated.
GENERATED_SECTION_CLASS = "book-references"


def check_document(app: Sphinx, doctree: nodes.document) -> None:
    """Warn, with file and line, about every convention ``doctree`` breaks.

    Which rules apply depends on the document's kind in book.toml and its
    declared status; documents outside the book structure are not checked.
    """
    env = app.env
    docname = env.current_document.docname
    entry = get_structure(env).get(docname)
    top = next(iter(doctree.findall(nodes.section)), None)
    if entry is None or entry.kind == "back" or top is None:
        return
    if IN_PREPARATION_CLASS in top["classes"]:
        return  # an outline chapter reduced to its abstract in an edition (exts.publication)
    for table in doctree.findall(nodes.table):
        if not any(isinstance(child, nodes.title) for child in table.children):
            warn(
                "table without a caption: give it one (a ':::{table} Caption' fence or "
                "'{table} Caption' directive) so it is numbered in every format",
                "table-caption",
                (docname, line_of(table)),
            )
    written = is_written(env.metadata[docname].get("status"))
    headings = heading_tree(top)
    for problem in check_required(entry.kind, headings):
        warn(problem.message, problem.subtype, (docname, problem.line))
    for heading in too_deep(headings):
        warn(
            f"'{marks(heading.level)} {heading.title}' is deeper than ####",
            "heading-depth",
            (docname, heading.line),
        )
    for line, match in text_matches(doctree, hardcoded_numbers):
        warn(
            f"{match.group()!r} is a typed number: use a reference "
            "({chapter}, {numref}, {book1})",
            "hardcoded-number",
            (docname, line),
        )
    if not written:
        return
    for line, match in text_matches(doctree, placeholders):
        warn(
            f"placeholder text {match.group()!r} in a {env.metadata[docname]['status']} document",
            "placeholder",
            (docname, line),
        )
    if entry.kind == "chapter" and is_directive_registered("diagram"):
        check_opener(top, headings, docname)


def check_opener(top: nodes.section, headings: Heading, docname: str) -> None:
    """A written chapter shows a diagram before its Overview."""
    index = find(headings.children, "Overview")
    if index is None:
        return
    for child in top.children:
        if isinstance(child, nodes.section):
            break
        if any(DIAGRAM_CLASS in f["classes"] for f in child.findall(nodes.figure)):
            return
    warn(
        "no opener diagram before '## Overview'",
        "opener-diagram",
        (docname, headings.children[index].line),
    )


def heading_tree(section: nodes.section, level: int = 1) -> Heading:
    """The section titles of ``section`` as a :class:`Heading` tree."""
    title = section[0] if section.children and isinstance(section[0], nodes.title) else None
    text = (
        "".join(t.astext() for t in title.children if not isinstance(t, chapter_label))
        if title
        else ""
    )
    heading = Heading(level, text, line_of(title or section))
    heading.children = [
        heading_tree(child, level + 1)
        for child in section.children
        if isinstance(child, nodes.section) and GENERATED_SECTION_CLASS not in child["classes"]
    ]
    return heading


def text_matches(
    doctree: nodes.document, finder: Callable[[str], list[re.Match[str]]]
) -> Iterator[tuple[int, re.Match[str]]]:
    """``finder``'s matches in the author's text, each with its source line."""
    for block in doctree.findall(nodes.TextElement):
        if isinstance(block, nodes.Inline) or block.line is None or skipped(block):
            continue
        newlines = 0
        for text in block.findall(nodes.Text):
            if not skipped(text, stop=block):
                for match in finder(str(text)):
                    yield block.line + newlines + str(text).count("\n", 0, match.start()), match
            newlines += str(text).count("\n")


def skipped(node: nodes.Node, stop: nodes.Node | None = None) -> bool:
    """Is ``node`` inside code, raw markup or generated text?"""
    while node is not None and node is not stop:
        if isinstance(node, SKIPPED):
            return True
        node = node.parent
    return False


def line_of(node: nodes.Node) -> int:
    while node is not None:
        if node.line is not None:
            return node.line
        node = node.parent
    return 1
