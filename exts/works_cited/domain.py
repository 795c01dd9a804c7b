"""Per-document citation records and the book-wide facts derived from bib/."""

from __future__ import annotations

from collections.abc import Set
from typing import Any, NamedTuple

from sphinx.domains import Domain


class Cited(NamedTuple):
    """One key cited by a document, at the line of its first citation."""

    key: str
    line: int


class CitationsDomain(Domain):
    """What each document cites, and which documents hold the Works Cited page.

    ``suffixes`` (key -> "a", "b" or "") and ``signature`` are book-wide:
    they are recomputed on every build in the main process.
    """

    name = "citations"
    label = "Works cited"
    initial_data: dict[str, Any] = {
        "cited": {},
        "pages": {},
        "suffixes": {},
        "lines": {},
        "signature": None,
    }

    @property
    def cited(self) -> dict[str, tuple[Cited, ...]]:
        return self.data["cited"]

    @property
    def pages(self) -> dict[str, int]:
        """Documents with a ``works-cited`` directive, and its line."""
        return self.data["pages"]

    @property
    def suffixes(self) -> dict[str, str]:
        return self.data["suffixes"]

    def clear_doc(self, docname: str) -> None:
        self.cited.pop(docname, None)
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["cited"]:
                self.cited[docname] = otherdata["cited"][docname]
            if docname in otherdata["pages"]:
                self.pages[docname] = otherdata["pages"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []
