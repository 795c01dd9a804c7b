"""Write-time rendering: References lists and the Works Cited page.

Entries are ordinary list items, not docutils citations, so the LaTeX writer
keeps each References list at the end of its chapter instead of gathering
every citation into one bibliography (sphinxcontrib-bibtex #156, #378,
Sphinx #5893). A raw LaTeX ``\\hypertarget`` gives sphinxcontrib-bibtex's
inline ``\\hyperlink`` its target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from docutils import nodes
from pybtex_docutils import Backend
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .labels import authors, plain, source_label
from .nodes import references_list, works_cited_page

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain, Citation

    from .domain import CitationsDomain

WORKS_CITED_CLASS = "works-cited"
backend = Backend()


def citations_of(env: BuildEnvironment, docname: str) -> list[Citation]:
    """The formatted entries of a document's References, in their sorted order."""
    cite = cast("BibtexDomain", env.get_domain("cite"))
    return [citation for citation in cite.citations if citation.bibliography_key.docname == docname]


def strong_label(env: BuildEnvironment, citation: Citation) -> nodes.strong:
    """The source label in bold (Kwon et al., 2023.), as inline citations name it."""
    suffixes = cast("CitationsDomain", env.get_domain("citations")).suffixes
    label = source_label(citation.entry, suffixes.get(citation.entry.key, "")) + "."
    return nodes.strong(label, label)


def entry_paragraph(env: BuildEnvironment, citation: Citation, latex: bool = False) -> nodes.paragraph:
    """The label, then the formatted entry with its URL or DOI as a link.

    An author the label already names in full (an organisation: "OpenAI,
    2026b. OpenAI. ...") is not repeated. In LaTeX a link whose text is not its
    URL (a DOI, an arXiv identifier) shows the URL itself, so that
    ``latex_show_urls = "footnote"`` adds no second copy of it as a footnote.
    """
    paragraph = backend.paragraph(citation.formatted_entry)
    for text in list(paragraph.findall(nodes.Text)):
        if "$" in text and text.parent is not None:
            text.parent.replace(text, nodes.Text(plain_math(str(text))))
    name = authors(citation.entry)
    first = paragraph[0] if len(paragraph) else None
    if isinstance(first, nodes.Text) and str(first).startswith(f"{name}. "):
        paragraph[0] = nodes.Text(str(first)[len(name) + 2 :])
    if latex:
        shown = {r.get("refuri") for r in paragraph.findall(nodes.reference) if r.astext() == r.get("refuri")}
        for reference in list(paragraph.findall(nodes.reference)):
            uri = reference.get("refuri", "")
            if "://" not in uri or reference.astext() == uri:
                continue
            if uri in shown:  # arXiv: the URL is printed already; keep the identifier as text
                reference.replace_self(nodes.Text(reference.astext()))
            else:
                reference.children = []
                reference += nodes.Text(uri)
                shown.add(uri)
    paragraph[0:0] = [strong_label(env, citation), nodes.Text(" ")]
    return paragraph


TEX_SYMBOLS = {
    r"\lambda": "λ", r"\mu": "μ", r"\alpha": "α", r"\beta": "β", r"\sigma": "σ",
    r"\le": "≤", r"\ge": "≥", r"\times": "×", r"\cdot": "·", r"\infty": "∞",
}


def plain_math(text: str) -> str:
    """Inline TeX math of a BibTeX title ("$L = \\lambda W$") as plain text ("L = λW")."""

    def replace(match: re.Match[str]) -> str:
        body = match.group(1)
        for command, symbol in TEX_SYMBOLS.items():
            body = re.sub(re.escape(command) + r"(?![A-Za-z])\s*", symbol, body)
        return body.replace("\\", "").replace("{", "").replace("}", "")

    return re.sub(r"\$([^$]+)\$", replace, text)


def source_paragraph(env: BuildEnvironment, citation: Citation) -> nodes.paragraph:
    """The label, then the title: a row of the Frequently Cited Works table."""
    title = plain(citation.entry.fields.get("title", ""))
    return nodes.paragraph("", "", strong_label(env, citation), nodes.Text(f" {title}"))


class ReferencesList(SphinxPostTransform):
    """Fill each chapter's References with its entries, sorted by author."""

    default_priority = 6

    def run(self, **kwargs: object) -> None:
        domain = cast("CitationsDomain", self.env.get_domain("citations"))
        for placeholder in list(self.document.findall(references_list)):
            docname = placeholder["docname"]
            lines = {record.key: record.line for record in domain.cited.get(docname, ())}
            entries = nodes.bullet_list(classes=["book-references-list"])
            latex = self.env._builder_cls.format == "latex"
            for citation in citations_of(self.env, docname):
                paragraph = entry_paragraph(self.env, citation, latex)
                if latex:  # rst2pdf would print raw LaTeX as text
                    anchor = rf"\hypertarget{{cite.{docname}:{citation.citation_id}}}{{}}"
                    paragraph.insert(0, nodes.raw("", anchor, format="latex"))
                item = nodes.list_item("", paragraph, ids=[citation.citation_id])
                item.source, item.line = self.env.doc2path(docname), lines.get(citation.entry.key)
                entries += item
            placeholder.replace_self(entries)


class WorksCitedPage(SphinxPostTransform):
    """Frequently Cited Works (computed), then every source grouped by chapter."""

    default_priority = 6

    def run(self, **kwargs: object) -> None:
        for placeholder in list(self.document.findall(works_cited_page)):
            placeholder.replace_self(self.page(placeholder["docname"]))

    def page(self, fromdoc: str) -> list[nodes.Node]:
        domain = cast("CitationsDomain", self.env.get_domain("citations"))
        order = [doc for doc in reading_order(self.env) if domain.cited.get(doc)]
        if not order:
            return [nodes.paragraph("", "No sources are cited yet.")]
        threshold = self.config.works_cited_frequent_threshold
        citing: dict[str, list[str]] = {}
        for doc in order:
            for record in domain.cited[doc]:
                citing.setdefault(record.key, []).append(doc)
        frequent = {
            citation.entry.key: (citation, citing[citation.entry.key])
            for doc in order
            for citation in citations_of(self.env, doc)
            if len(citing.get(citation.entry.key, ())) >= threshold
        }
        rows = sorted(frequent.values(), key=lambda row: (-len(row[1]), row[0].entry.key))
        result = [self.frequent_section(fromdoc, rows, threshold)]
        for doc in order:
            title = self.env.titles[doc].astext()
            section = section_node(title, f"works-cited-{nodes.make_id(doc)}")
            section += nodes.bullet_list(
                "",
                *(
                    nodes.list_item("", entry_paragraph(self.env, c, self.env._builder_cls.format == "latex"))
                    for c in citations_of(self.env, doc)
                ),
            )
            result.append(section)
        container = nodes.container("", *result, classes=[WORKS_CITED_CLASS])
        return [container]

    def frequent_section(
        self, fromdoc: str, rows: list[tuple[Citation, list[str]]], threshold: int
    ) -> nodes.section:
        section = section_node("Frequently Cited Works", "frequently-cited-works")
        if not rows:
            section += nodes.paragraph("", f"No work is cited by {threshold} or more chapters yet.")
            return section
        body = []
        for citation, citing in rows:
            source = source_paragraph(self.env, citation)
            chapters = [self.chapter_link(fromdoc, doc) for doc in citing]
            body.append((source, chapters))
        caption = f"Works cited by {threshold} or more chapters"
        section += table(["Source", "Cited in"], body, widths=[65, 35], caption=caption)
        return section

    def chapter_link(self, fromdoc: str, docname: str) -> nodes.paragraph:
        """A ``doc`` reference, resolved by Sphinx's ReferencesResolver (priority 10)."""
        title = self.env.titles[docname].astext()
        link = addnodes.pending_xref(
            title,
            nodes.inline(title, title),
            refdomain="std",
            reftype="doc",
            reftarget=f"/{docname}",
            refdoc=fromdoc,
            refexplicit=True,
            refwarn=True,
        )
        return nodes.paragraph("", "", link)


class LinkcheckSourcesOnce(SphinxPostTransform):
    """For linkcheck, the Works Cited page repeats no link a chapter already carries.

    linkcheck reports each URL once, at the first document that holds it;
    unlinking the page makes that document a chapter that cites the source.
    """

    default_priority = 700  # before linkcheck's HyperlinkCollector (800)
    builders = ("linkcheck",)

    def run(self, **kwargs: object) -> None:
        for container in self.document.findall(nodes.container):
            if WORKS_CITED_CLASS in container["classes"]:
                for reference in list(container.findall(nodes.reference)):
                    if "refuri" in reference and "://" in reference["refuri"]:
                        reference.replace_self(reference.children)


def section_node(title: str, id_: str) -> nodes.section:
    return nodes.section("", nodes.title(title, title), ids=[id_])


def table(
    headers: list[str],
    rows: Iterable[tuple[nodes.Node, list[nodes.Node]]],
    widths: list[int],
    caption: str = "",
) -> nodes.table:
    """A two-column docutils table: one node, then a list of nodes, per row; numbered when captioned."""
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=width) for width in widths]
    head = nodes.row("", *(nodes.entry("", nodes.paragraph(text, text)) for text in headers))
    group += nodes.thead("", head)
    body = nodes.tbody()
    for first, second in rows:
        body += nodes.row("", nodes.entry("", first), nodes.entry("", *second))
    group += body
    result = nodes.table("", group, classes=["works-cited-frequent"])
    if caption:
        result.insert(0, nodes.title(caption, caption))
        result["ids"].append(nodes.make_id(caption))
    return result


def reading_order(env: BuildEnvironment) -> list[str]:
    """Documents in the order a reader meets them, then any others by name."""
    relations = env.collect_relations()
    order: list[str] = []
    docname: str | None = env.config.root_doc
    while docname is not None and docname not in order:
        order.append(docname)
        docname = relations.get(docname, (None, None, None))[2]
    return order + sorted(set(env.found_docs) - set(order))
