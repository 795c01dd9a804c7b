"""sphinxcontrib-bibtex's domain, formatting each References list once per change.

sphinxcontrib-bibtex 2.7 re-formats every bibliography on every build in
``env_updated`` (even a no-op build), and filters each one by scanning every
citation for every entry: quadratic in the size of the book (issue 19). No
upstream issue reports this yet (searched 2026-11-30): the fix belongs in
``BibtexDomain.env_updated`` and ``get_filtered_entries`` and should be
offered there. This subclass, registered in place of the library's domain
without touching its files, keeps the result per bibliography and reuses
it while the inputs are the same:

- the bibliography's settings (style, prefixes, keys, citation ids);
- the entries it lists, in the order the library would list them;
- the content of the .bib files.

A bibliography whose formatting warned is not kept, so its warning is
repeated on every build.
"""

from __future__ import annotations

import ast
import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib.bibtex import domain as bibtex_domain
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain, Citation

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pybtex.database import Entry
    from pybtex.style import FormattedEntry
    from sphinxcontrib.bibtex.directives import BibliographyKey, BibliographyValue

Formatted = list[tuple["Entry", "FormattedEntry", "FormattedEntry | None"]]
CACHE = "formatted_cache"  # BibliographyKey -> (signature, formatted entries), pickled


class WarningSeen(logging.Handler):
    """Notes whether sphinxcontrib-bibtex's domain logged a warning meanwhile."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


class CachingBibtexDomain(BibtexDomain):
    """The ``cite`` domain with References formatted once per change of their inputs."""

    def env_updated(self) -> Iterable[str]:
        """The library's book-wide step, with the per-build indexes it needs built once."""
        docnames = list(bibtex_domain.get_docnames(self.env))
        self._cited_docnames = cited_docnames(self.citation_refs)
        self._cited_order = first_positions(self.get_all_cited_keys(docnames))
        self._bib_digest = bib_digest(self.bibdata.bibfiles)
        cache = self.data.setdefault(CACHE, {})
        for key in [k for k in cache if k not in self.bibliographies]:
            del cache[key]
        return super().env_updated()

    @property
    def citations(self) -> list[Citation]:
        """The library's list; while ``resolve_xref`` runs, only the citations of its keys."""
        narrowed = getattr(self, "_narrowed", None)
        if narrowed is not None:
            return narrowed
        return BibtexDomain.citations.fget(self)  # type: ignore[attr-defined]

    def resolve_xref(self, env: Any, fromdocname: str, builder: Any, typ: str, target: str,
                     node: Any, contnode: Any) -> Any:
        """The library's, which scans every citation of the book twice per citation written
        (quadratic in the book), shown only the citations of the keys it resolves, in the same
        order."""
        keys = {citation.key for citation in parse_citation_targets(target)}
        self._narrowed = self.citations_of(keys)
        try:
            return super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
        finally:
            self._narrowed = None

    def citations_of(self, keys: set[str]) -> list[Citation]:
        """The citations with one of ``keys``, in the order of the library's list."""
        everything = BibtexDomain.citations.fget(self)  # type: ignore[attr-defined]
        state = (id(everything), len(everything))
        if getattr(self, "_by_key_state", None) != state:  # once per build: citations were read
            self._by_key: dict[str, list[int]] = {}
            for position, citation in enumerate(everything):
                self._by_key.setdefault(citation.key, []).append(position)
            self._by_key_state = state
        positions = sorted(p for key in keys for p in self._by_key.get(key, ()))
        return [everything[position] for position in positions]

    def get_filtered_entries(self, bibliography_key: BibliographyKey) -> Iterable[tuple[str, Entry]]:
        """As the library's, without re-scanning every citation for every entry.

        A bibliography whose filter is the constant ``False`` (the book's
        References) lists exactly its ``keys``.
        """
        bibliography = self.bibliographies[bibliography_key]
        keys = set(bibliography.keys)
        if is_false(bibliography.filter_):
            return [
                (bibliography.keyprefix + entry.key, entry)
                for entry in self.get_entries(bibliography.bibfiles)
                if entry.key in keys
            ]
        index = getattr(self, "_cited_docnames", None) or cited_docnames(self.citation_refs)
        found = []
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            visitor = bibtex_domain._FilterVisitor(
                entry=entry, docname=bibliography_key.docname, cited_docnames=index.get(key, set())
            )
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                bibtex_domain.logger.warning(
                    f"syntax error in :filter: expression; {err}",
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex",
                    subtype="filter_syntax_error",
                )
                success = bool(index.get(key))
            if success or entry.key in keys:
                found.append((key, entry))
        return found

    def get_sorted_entries(
        self, bibliography_key: BibliographyKey, docnames: list[str]
    ) -> Iterable[tuple[str, Entry]]:
        """Cited entries in the order of first citation, then the rest in file order."""
        entries = list(self.get_filtered_entries(bibliography_key))
        order = getattr(self, "_cited_order", None)
        if order is None:
            return list(super().get_sorted_entries(bibliography_key, docnames))
        cited = sorted((pair for pair in entries if pair[0] in order), key=lambda p: order[p[0]])
        return cited + [pair for pair in entries if pair[0] not in order]

    def get_formatted_entries(
        self,
        bibliography_key: BibliographyKey,
        docnames: list[str],
        tooltips: bool,
        tooltips_style: str,
    ) -> Formatted:
        """The library's formatting, reused while its inputs are unchanged."""
        bibliography = self.bibliographies[bibliography_key]
        signature = (
            settings(bibliography),
            tuple(key for key, _ in self.get_sorted_entries(bibliography_key, docnames)),
            tooltips,
            tooltips_style,
            getattr(self, "_bib_digest", None),
        )
        cache = self.data.setdefault(CACHE, {})
        kept = cache.get(bibliography_key)
        if kept is not None and kept[0] == signature:
            return kept[1]
        seen = WarningSeen()
        logger = logging.getLogger(f"sphinx.{bibtex_domain.__name__}")
        logger.addHandler(seen)
        try:
            formatted = list(
                super().get_formatted_entries(bibliography_key, docnames, tooltips, tooltips_style)
            )
        finally:
            logger.removeHandler(seen)
        if seen.seen:
            cache.pop(bibliography_key, None)
        else:
            cache[bibliography_key] = (signature, formatted)
        return formatted


def is_false(filter_: ast.AST) -> bool:
    """Whether a ``:filter:`` expression is the constant ``False``."""
    body = getattr(filter_, "body", None)
    if isinstance(body, list) and len(body) == 1 and isinstance(body[0], ast.Expr):
        body = body[0].value
    return isinstance(body, ast.Constant) and body.value is False


def settings(bibliography: BibliographyValue) -> tuple[Any, ...]:
    """What a bibliography's formatting depends on besides its entries."""
    return (
        tuple(str(path) for path in bibliography.bibfiles),
        bibliography.style,
        bibliography.list_,
        bibliography.labelprefix,
        bibliography.keyprefix,
        ast.dump(bibliography.filter_),
        tuple(bibliography.keys),
    )


def cited_docnames(citation_refs: Iterable[Any]) -> dict[str, set[str]]:
    """Each cited key (with prefix) and the documents citing it."""
    found: dict[str, set[str]] = {}
    for ref in citation_refs:
        for target in ref.targets:
            found.setdefault(target.key, set()).add(ref.docname)
    return found


def first_positions(keys: Iterable[str]) -> dict[str, int]:
    """Each key's position of first appearance."""
    positions: dict[str, int] = {}
    for key in keys:
        positions.setdefault(key, len(positions))
    return positions


def bib_digest(bibfiles: dict[Path, Any]) -> str:
    """A digest of the .bib files' contents (a missing file counts as empty)."""
    digest = hashlib.sha256()
    for path in sorted(bibfiles):
        digest.update(str(path).encode())
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()
