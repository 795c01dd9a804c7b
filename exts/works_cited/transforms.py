"""Read-time work on each document: check its citations, add its References.

A chapter's References is a sphinxcontrib-bibtex bibliography registered
programmatically, with the chapter's own key prefix (the documented
``keyprefix`` mechanism): each inline citation resolves to the entry in the
same chapter, and a key cited by several chapters is no duplicate.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinxcontrib.bibtex.citation_target import CitationTarget, parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyKey, BibliographyValue

from exts.suggestions import did_you_mean

from .domain import Cited
from .logging import warn
from .nodes import references_list

if TYPE_CHECKING:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from .domain import CitationsDomain

NEXT_CLASS = "book-next"  # the generated "Next:" paragraph (exts.book_structure)
SECTION_CLASS = "book-references"
TITLE = "References"


class ChapterReferences(SphinxTransform):
    """Warn on unknown keys, record what the document cites, append References."""

    default_priority = 860  # after parsing, before the Next link (870) and the TOC

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        cite = cast("BibtexDomain", self.env.get_domain("cite"))
        xrefs = [
            x for x in self.document.findall(addnodes.pending_xref) if x.get("refdomain") == "cite"
        ]
        if not xrefs:
            return
        for path in cite.bibdata.bibfiles:
            self.env.note_dependency(str(path))
        prefix = key_prefix(docname)
        known = set(cite.bibdata.data.entries.keys())
        first_lines: dict[str, int] = {}
        for xref in xrefs:
            kept = []
            for target in parse_citation_targets(xref["reftarget"]):
                if target.key in known:
                    kept.append(target)
                    first_lines.setdefault(target.key, xref.line or 0)
                else:
                    hint = did_you_mean(target.key, known, self.uncited(known))
                    warn(
                        f"unknown citation key {target.key!r}: no entry in bib/ has this key{hint}",
                        "unknown-key",
                        xref,
                    )
            if kept:
                xref["reftarget"] = ",".join(with_prefix(target, prefix) for target in kept)
            else:
                text = f"[Source: {xref['reftarget']}?]"
                xref.replace_self(nodes.inline(text, text, classes=["bibtex-citation", "unknown"]))
        records = tuple(Cited(key, line) for key, line in first_lines.items())
        cast("CitationsDomain", self.env.get_domain("citations")).cited[docname] = records
        if records:
            self.add_section(docname, cite, records)

    def uncited(self, known: set[str]) -> set[str]:
        """Entries no document read so far cites: the likeliest targets of a typo."""
        domain = cast("CitationsDomain", self.env.get_domain("citations"))
        return known - {record.key for records in domain.cited.values() for record in records}

    def add_section(self, docname: str, cite: BibtexDomain, records: tuple[Cited, ...]) -> None:
        """The References section, before the Next link, holding a placeholder list."""
        top = next(iter(self.document.findall(nodes.section)), self.document)
        prefix = key_prefix(docname)
        placeholder = references_list("", docname=docname)
        self.claim_id(placeholder, "references-list")
        section = nodes.section("", nodes.title(TITLE, TITLE), placeholder, classes=[SECTION_CLASS])
        self.claim_id(section, "references")
        section.source, section.line = self.env.doc2path(docname), records[0].line
        nexts = [
            c for c in top.children if isinstance(c, nodes.paragraph) and NEXT_CLASS in c["classes"]
        ]
        top.insert(top.index(nexts[0]) if nexts else len(top), section)
        entries = {}
        for record in records:
            entry = nodes.list_item()
            self.claim_id(entry, f"cite-{record.key}")
            entries[prefix + record.key] = entry
        cited = {record.key for record in records}
        holding = [path for path, bib in cite.bibdata.bibfiles.items() if cited & bib.keys.keys()]
        key = BibliographyKey(docname=docname, id_=placeholder["ids"][0])
        cite.bibliographies[key] = BibliographyValue(
            line=records[0].line,
            bibfiles=holding,  # sphinxcontrib-bibtex scans every entry of these per document
            style=self.config.bibtex_default_style,
            list_="citation",
            enumtype="arabic",
            start=1,
            labelprefix="",
            keyprefix=prefix,
            filter_=ast.parse("False"),
            citation_nodes=entries,
            keys=[record.key for record in records],
        )

    def claim_id(self, node: nodes.Element, wanted: str) -> None:
        """Give ``node`` the readable id ``wanted``, or a generated one if it is taken."""
        candidate = nodes.make_id(wanted)
        if candidate and candidate not in self.document.ids:
            node["ids"].append(candidate)
            self.document.ids[candidate] = node
        else:
            self.document.set_id(node)


def key_prefix(docname: str) -> str:
    """The prefix that makes a document's citation keys its own."""
    return nodes.make_id(docname) + ":"


def with_prefix(target: CitationTarget, prefix: str) -> str:
    """A citation target written back in sphinxcontrib-bibtex's syntax, prefixed."""
    pre = f"{{{target.pre}}}" if target.pre else ""
    post = f"{{{target.post}}}" if target.post else ""
    return f"{pre}{prefix}{target.key}{post}"
