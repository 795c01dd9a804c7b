"""Doctree-level conversions: page breaks, "From Book 1" quotes, written Next links."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxRole

from exts.book1.loading import get_registry
from exts.book1.registry import Registry
from exts.book1.roles import from_book1_callout, note_reference
from exts.book_structure.loading import get_structure

from .diagrams import convert_image, diagram_path, diagrams_available, legacy_asset
from .logging import warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

BOOK1_MENTION = re.compile(r"\b(?P<kind>Chapter|Appendix)\s+(?P<number>\d+|[A-Z])\b")
# The seeds' form: '..., see "Before the 3 AM Alert" Chapter N.'; the callout's
# generated "See ..." line replaces it.
SEE_PHRASE = re.compile(
    r"(?:,\s*)?\b[Ss]ee\s+(?:[\"“]?Before the 3 AM Alert[\"”]?,?\s+|Book 1,?\s+)?"
    r"(?:Chapter|Appendix)\s+(?:\d+|[A-Z])\b(?:\s*\([^)]*\))?"
)
NEXT_TEXT = re.compile(r"^Next:\s*(?:(?P<kind>Chapter|Appendix)\s+(?P<label>\d+|[A-Z]):)?")
PAGE_BREAK = r"\clearpage"
WRITTEN_REFERENCES = {"references", "works cited", "bibliography"}


class NewpageRole(SphinxRole):
    """What a ``\\newpage`` line becomes: a LaTeX page break, nothing elsewhere."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node = nodes.raw("", PAGE_BREAK, format="latex", classes=["legacy-newpage"])
        self.set_source_info(node)
        return [node], []


class LegacyTransform(SphinxTransform):
    """Turn the predecessor's conventions into the book's own nodes."""

    # Before Sphinx hands the doctree to the domains (850), so converted
    # diagrams, labels and callouts are recorded like written ones.
    default_priority = 840

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        slug = PurePosixPath(docname).name
        convert_images = diagrams_available()
        for paragraph in list(self.document.findall(nodes.paragraph)):
            image = content(paragraph)[0] if only_child_is(paragraph, nodes.image) else None
            asset = legacy_asset(image) if image is not None and convert_images else None
            if asset:
                path = diagram_path(self.env.srcdir, docname, image["uri"], slug, asset["name"])
                convert_image(paragraph, image, asset["name"], slug, path)
                continue
            if (
                only_child_is(paragraph, nodes.raw)
                and "legacy-newpage" in content(paragraph)[0]["classes"]
            ):
                raw = content(paragraph)[0]
                raw["classes"].remove("legacy-newpage")
                paragraph.replace_self(raw)
            elif is_written_next(paragraph):
                check_next_link(paragraph, docname, self.env)
                paragraph.parent.remove(paragraph)
        for quote in list(self.document.findall(nodes.block_quote)):
            if is_book1_quote(quote):
                convert_book1_quote(quote, docname, self.env)
        for section in list(self.document.findall(nodes.section)):
            if is_written_references(section):
                drop_written_references(section, docname)


def content(node: nodes.Element) -> list[nodes.Node]:
    """Children without the empty text nodes MyST leaves between inline tokens."""
    return [c for c in node.children if not (isinstance(c, nodes.Text) and not c.strip())]


def only_child_is(node: nodes.Element, kind: type[nodes.Node]) -> bool:
    children = content(node)
    return len(children) == 1 and isinstance(children[0], kind)


def is_written_next(paragraph: nodes.paragraph) -> bool:
    """``**Next: [Chapter N: Title](file.md)**``: a strong paragraph holding a link."""
    return (
        only_child_is(paragraph, nodes.strong)
        and paragraph.astext().startswith("Next:")
        and any(
            isinstance(n, nodes.reference | addnodes.pending_xref)
            for n in content(paragraph)[0].children
        )
    )


def check_next_link(paragraph: nodes.paragraph, docname: str, env: BuildEnvironment) -> None:
    """Warn when the written link names another chapter than the structure's next one."""
    structure = get_structure(env)
    after = structure.next_reading(docname, env.found_docs)
    link = next(
        n
        for n in content(paragraph)[0].children
        if isinstance(n, nodes.reference | addnodes.pending_xref)
    )
    target = link.get("refuri") or link.get("reftarget") or ""
    stem = PurePosixPath(target.split("#")[0]).stem
    slug = stem if after is not None and stem == after.slug else re.sub(r"^\d+-", "", stem)
    match = NEXT_TEXT.match(paragraph.astext())
    typed = f"{match['kind']} {match['label']}" if match and match["kind"] else None
    expected = after.label_text if after else None
    if after is None or slug != after.slug or (typed and typed != expected):
        should = (
            f"{expected} ({after.slug})" if after else "no Next link (this is the last chapter)"
        )
        warn(
            f"the written Next link names {typed or 'a chapter'} ({slug}) "
            f"but the structure has {should};"
            " the Next link is generated, delete this line",
            "next-link",
            (docname, paragraph.line),
        )


def is_written_references(section: nodes.section) -> bool:
    """A ``## References`` (or Works Cited, Bibliography) section the author typed.

    Only below the document's title: a page titled "Works Cited" is not one.
    """
    if isinstance(section.parent, nodes.document):
        return False
    title = section.next_node(nodes.title)
    return title is not None and title.astext().strip().casefold() in WRITTEN_REFERENCES


def drop_written_references(section: nodes.section, docname: str) -> None:
    """The References list is generated from the citations: the typed one goes, with a warning."""
    title = section.next_node(nodes.title)
    warn(
        f"a written {title.astext().strip()!r} section: the References list is generated from"
        " the chapter's citations; delete this heading and its list",
        "references",
        (docname, title.line or section.line),
    )
    section.parent.remove(section)


def is_book1_quote(quote: nodes.block_quote) -> bool:
    first = quote.children[0] if quote.children else None
    if not isinstance(first, nodes.paragraph) or not content(first):
        return False
    lead = content(first)[0]
    return isinstance(lead, nodes.strong) and lead.astext().strip() == "From Book 1:"


def convert_book1_quote(quote: nodes.block_quote, docname: str, env: BuildEnvironment) -> None:
    """``> **From Book 1:** recap ... see "Before the 3 AM Alert" Chapter N.`` -> the callout."""
    registry = get_registry(env)
    line = quote[0].line or quote.line
    key = single_key(quote, registry)
    if key is None:
        warn(
            "a 'From Book 1' quote must name exactly one Book 1 chapter "
            "('Chapter N' or 'Appendix A')",
            "book1-callout",
            (docname, line),
        )
        return
    note_reference(env, key, (docname, line))
    first = quote[0]
    first.remove(content(first)[0])
    drop_see_phrase(quote)
    for text in list(first.findall(nodes.Text)):
        if text.strip():
            text.parent.replace(text, nodes.Text(str(text).lstrip()))
            break
    body = [child for child in quote.children if child.astext().strip(" .")]
    callout = from_book1_callout(key)
    callout.insert(1, body)
    callout.source, callout.line = quote.source, line
    quote.replace_self(callout)


def single_key(quote: nodes.block_quote, registry: Registry) -> str | None:
    mentions = {
        (m["kind"], m["number"])
        for t in quote.findall(nodes.Text)
        for m in BOOK1_MENTION.finditer(t)
    }
    chapters = {registry.numbered(kind, number) for kind, number in mentions} - {None}
    return chapters.pop().key if len(mentions) == 1 and len(chapters) == 1 else None


def drop_see_phrase(quote: nodes.block_quote) -> None:
    """Remove the written reference; the callout's generated "See ..." line replaces it."""
    for text in list(quote.findall(nodes.Text)):
        cleaned = SEE_PHRASE.sub("", str(text))
        if cleaned != str(text):
            text.parent.replace(text, nodes.Text(cleaned))
