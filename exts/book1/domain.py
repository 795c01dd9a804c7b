"""Per-document Book 1 references and their resolution."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain

from .loading import get_registry, render

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class Book1Ref(NamedTuple):
    """One reference to a Book 1 chapter, located."""

    docname: str
    key: str
    line: int


class Book1Domain(Domain):
    """Remembers which document references which Book 1 chapter."""

    name = "book1"
    label = "Before the 3 AM Alert"
    initial_data: dict[str, Any] = {"refs": {}, "pages": {}, "signature": None}

    @property
    def refs(self) -> dict[str, list[Book1Ref]]:
        return self.data["refs"]

    @property
    def pages(self) -> dict[str, bool]:
        """Documents that show the generated cross-reference table."""
        return self.data["pages"]

    def note_ref(self, docname: str, key: str, line: int) -> None:
        self.refs.setdefault(docname, []).append(Book1Ref(docname, key, line))

    def clear_doc(self, docname: str) -> None:
        self.refs.pop(docname, None)
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["refs"]:
                self.refs[docname] = otherdata["refs"][docname]
            if docname in otherdata["pages"]:
                self.pages[docname] = True

    def keys_by_doc(self) -> dict[str, list[str]]:
        """Distinct Book 1 keys per document, in Book 1's order."""
        registry = get_registry(self.env)
        return {
            docname: sorted({ref.key for ref in refs}, key=registry.order)
            for docname, refs in self.refs.items()
        }

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
        chapter = get_registry(env).get(target)
        if chapter is None:
            return None
        return render(env, chapter, with_title=not node.get("short"))

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.Element]]:
        return []


def book1_xref(key: str, short: bool = False) -> addnodes.pending_xref:
    """A reference to Book 1 chapter ``key``, rendered when the registry is known."""
    return addnodes.pending_xref(
        key,
        nodes.inline(key, key),
        refdomain="book1",
        reftype="chapter",
        reftarget=key,
        refexplicit=False,
        refwarn=False,
        short=short,
    )


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the cross-reference pages when any document's references changed."""
    domain = env.get_domain("book1")
    signature = repr(sorted(domain.keys_by_doc().items()))
    if signature == domain.data["signature"]:
        return []
    domain.data["signature"] = signature
    return sorted(domain.pages)
