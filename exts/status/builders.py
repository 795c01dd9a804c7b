"""Two builders that read the book and write one Markdown file each.

``status`` writes ``status.md`` (the progress matrix; ``make status`` prints
it). ``outline`` writes ``outline.md``: every heading of the book in reading
order with its generated number, like the predecessor's outline build.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path

from docutils import nodes
from sphinx.builders import Builder

from exts.book_structure.directive import contents_groups
from exts.book_structure.loading import get_structure
from exts.book_structure.model import Entry

from .model import markdown_table


class MarkdownFileBuilder(Builder):
    """Reads every document, writes no page per document, one file at the end."""

    format = "markdown"
    filename = ""

    def get_outdated_docs(self) -> list[str]:
        return []

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def write_file(self, text: str) -> None:
        Path(self.outdir, self.filename).write_text(text, encoding="utf-8")


class StatusBuilder(MarkdownFileBuilder):
    name = "status"
    epilog = "The status matrix is in %(outdir)s/status.md."
    filename = "status.md"

    def finish(self) -> None:
        domain = self.env.get_domain("status")
        self.write_file(markdown_table(domain.rows(), domain.extras()[0]))


class OutlineBuilder(MarkdownFileBuilder):
    name = "outline"
    epilog = "The outline is in %(outdir)s/outline.md."
    filename = "outline.md"

    def finish(self) -> None:
        lines = [f"# {self.config.project}", ""]
        for caption, entries in contents_groups(get_structure(self.env)):
            present = [e for e in entries if e.docname in self.env.found_docs]
            if caption and present:
                lines += [f"## {caption}", ""]
            for entry in present:
                lines += self.document_outline(entry, level=3 if caption else 2)
        self.write_file("\n".join(lines))

    def document_outline(self, entry: Entry, level: int) -> list[str]:
        """The document's title and its section headings, numbered 5.1, 5.1.1 ..."""
        doctree = self.env.get_doctree(entry.docname)
        top = next(iter(doctree.findall(nodes.section)), None)
        if top is None:
            return []
        lines = [f"{'#' * level} {title_text(top)}", ""]

        def walk(section: nodes.section, number: tuple[int, ...]) -> None:
            subsections = [c for c in section.children if isinstance(c, nodes.section)]
            for index, child in enumerate(subsections, start=1):
                here = (*number, index)
                prefix = ".".join([entry.label, *map(str, here)]) + " " if entry.label else ""
                lines.extend([f"{'#' * min(level + len(here), 6)} {prefix}{title_text(child)}", ""])
                walk(child, here)

        walk(top, ())
        return lines


def title_text(section: nodes.section) -> str:
    """A section's title as the reader sees it (the chapter label included)."""
    return section[0].astext() if isinstance(section[0], nodes.title) else ""
