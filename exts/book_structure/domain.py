"""Per-document structure state and the ``chapter`` cross-reference."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import make_refnode
from sphinx import addnodes

from exts.suggestions import did_you_mean

from .loading import get_structure
from .logging import warn

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class BookDomain(Domain):
    """Remembers, per document, the structure it was read with."""

    name = "book"
    label = "Book structure"
    # skeletons: per document, what figure numbering needs of its doctree (fignumbers.py)
    initial_data: dict[str, Any] = {"fingerprints": {}, "skeletons": {}}

    @property
    def fingerprints(self) -> dict[str, tuple[object, ...]]:
        return self.data["fingerprints"]

    def clear_doc(self, docname: str) -> None:
        self.fingerprints.pop(docname, None)
        self.data["skeletons"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["fingerprints"]:
                self.fingerprints[docname] = otherdata["fingerprints"][docname]
            if docname in otherdata["skeletons"]:
                self.data["skeletons"][docname] = otherdata["skeletons"][docname]

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        if typ != "chapter":
            return None
        entry = get_structure(env).by_slug(target) or get_structure(env).get(target)
        if entry is None or entry.docname not in env.titles:
            slugs = [known.slug for known in get_structure(env).entries]
            hint = did_you_mean(target, slugs)
            message = f"unknown chapter {target!r}: no document in book.toml has that slug{hint}"
            warn(message, "unknown-chapter", node)
            return nodes.inline(target, target, classes=["chapter-ref", "unknown"])
        text = env.titles[entry.docname].astext()
        return make_refnode(builder, fromdocname, entry.docname, "", nodes.inline(text, text), text)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.Element]]:
        return []


class ChapterRole(SphinxRole):
    """``{chapter}`gpu-optimization``` renders "Chapter 3: GPU Optimization & Cold Starts"."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        slug = self.text.strip()
        node = chapter_xref(slug)
        self.set_source_info(node)
        return [node], []


def chapter_xref(slug: str) -> addnodes.pending_xref:
    """A reference to a book document by slug, resolved when all titles are known."""
    return addnodes.pending_xref(
        slug,
        nodes.inline(slug, slug),
        refdomain="book",
        reftype="chapter",
        reftarget=slug,
        refexplicit=False,
        refwarn=False,
    )
