"""Count a document's prose words, diagrams, citations and Book 1 references."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from exts.book_structure.nodes import chapter_label

from .model import DocStats

# Not prose: code, tables, figures with their captions, headings, front matter,
# and cross-references and citations (their text is generated).
NOT_PROSE = (
    addnodes.pending_xref,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.math_block,
    nodes.raw,
    nodes.comment,
    nodes.table,
    nodes.figure,
    nodes.caption,
    nodes.legend,
    nodes.title,
    nodes.docinfo,
    nodes.target,
    nodes.substitution_definition,
    nodes.system_message,
    chapter_label,
)
# Not prose either: the planned-diagrams list, the generated Next link, the
# "See ..." line of a from-book1 callout, generated References.
NOT_PROSE_CLASSES = {"planned-diagrams", "book-next", "book1-see", "book-references"}
GENERATED_TAGS = {"bibliography"}  # sphinxcontrib-bibtex's References placeholder
DIAGRAM_CLASS = "diagram"


def document_stats(doctree: nodes.document, docname: str, status: str | None) -> DocStats:
    return DocStats(
        status=status,
        words=prose_words(doctree),
        diagrams=sum(DIAGRAM_CLASS in f["classes"] for f in doctree.findall(nodes.figure)),
        citations=frozenset(citation_keys(doctree, docname)),
        book1=frozenset(
            x["reftarget"]
            for x in doctree.findall(addnodes.pending_xref)
            if x.get("refdomain") == "book1"
        ),
    )


def prose_words(node: nodes.Node) -> int:
    if isinstance(node, nodes.Text):
        return sum(any(char.isalnum() for char in word) for word in node.split())
    if isinstance(node, NOT_PROSE) or node.tagname in GENERATED_TAGS:
        return 0
    if isinstance(node, nodes.Element) and NOT_PROSE_CLASSES & set(node["classes"]):
        return 0
    return sum(prose_words(child) for child in node.children)


def citation_keys(doctree: nodes.document, docname: str) -> set[str]:
    """Keys cited with the cite roles (one pending_xref may list several) or as [key]_.

    The works_cited extension gives each document its own References by
    prefixing its keys with the document's id (``chapters-gpu-optimization:``);
    the prefix is not part of the key.
    """
    prefix = nodes.make_id(docname) + ":"
    keys: set[str] = set()
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") == "cite":
            try:
                targets = parse_citation_targets(xref["reftarget"])
                keys.update(t.key.removeprefix(prefix) for t in targets)
            except ValueError:
                continue  # sphinxcontrib-bibtex reports malformed targets itself
    keys.update(
        ref["refname"] for ref in doctree.findall(nodes.citation_reference) if "refname" in ref
    )
    return keys
