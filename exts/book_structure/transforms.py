"""Read-time work on each book document: its label, its Next link, its listing."""

from __future__ import annotations

from pathlib import PurePosixPath

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .domain import chapter_xref
from .loading import fingerprint, get_structure
from .logging import warn
from .nodes import chapter_label

NEXT_CLASS = "book-next"


class BookDocumentTransform(SphinxTransform):
    """Label chapter titles, append the Next link, flag unlisted documents."""

    default_priority = 870  # before DoctreeReadEvent (880), so titles carry the label

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        structure = get_structure(self.env)
        self.env.get_domain("book").data["fingerprints"][docname] = fingerprint(self.env, docname)
        entry = structure.get(docname)
        if entry is None:
            self.flag_unlisted(docname)
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            warn(f"{docname!r} has no title: start it with a '# Title' heading", "no-title", (docname, 1))
            return
        if entry.label_text:
            title = section[0]
            label = f"{entry.label_text}: "
            title.insert(0, chapter_label(label, label))
        after = structure.next_reading(docname, self.env.found_docs)
        if after is not None:
            section += next_paragraph(after.slug)

    def flag_unlisted(self, docname: str) -> None:
        """A document in a book folder that book.toml does not list is an error.

        It is marked orphan so Sphinx's own "not in any toctree" warning does
        not repeat this one.
        """
        folders = {str(PurePosixPath(e.docname).parent) for e in get_structure(self.env).entries}
        if str(PurePosixPath(docname).parent) in folders - {"."}:
            warn(
                f"{docname!r} is not listed in {self.config.book_structure_file}",
                "unlisted",
                (docname, 1),
            )
            self.env.metadata[docname]["orphan"] = True


def next_paragraph(slug: str) -> nodes.paragraph:
    """``Next: Chapter N+1: Title`` as a reference resolved at write time."""
    strong = nodes.strong("", "Next: ")
    strong += chapter_xref(slug)
    return nodes.paragraph("", "", strong, classes=[NEXT_CLASS])
