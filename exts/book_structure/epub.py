"""EPUB navigation with parts: chapters nest under "Part I: Foundations"."""

from __future__ import annotations

import html
import os
import time
import zipfile
from pathlib import Path
from typing import Any

from sphinx.builders.epub3 import Epub3Builder, NavPoint

from .loading import get_structure
from .model import BookStructure


class BookEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with part entries in nav.xhtml.

    The EPUB 2 toc.ncx stays flat: NCX forbids two entries with one target,
    and EPUB 3 reading systems navigate by nav.xhtml.
    """

    def build_navlist(self, navnodes: list[dict[str, Any]]) -> list[NavPoint]:
        return super().build_navlist(with_parts(navnodes, get_structure(self.env), self.out_suffix))

    def build_content(self) -> None:
        """Write content.opf, then add the book's accessibility metadata to it."""
        super().build_content()
        opf = Path(self.outdir) / "content.opf"
        metadata = accessibility_metadata(self.config.epub_accessibility_summary)
        opf.write_text(opf.read_text(encoding="utf-8").replace("</metadata>", metadata + "</metadata>", 1), encoding="utf-8")


    def build_epub(self) -> None:
        """Write the .epub; with SOURCE_DATE_EPOCH set, give every entry that date."""
        super().build_epub()
        if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
            stamp_zip_entries(Path(self.outdir) / f"{self.config.epub_basename}.epub", int(epoch))


def stamp_zip_entries(path: Path, epoch: int) -> None:
    """Rewrite a zip so every entry carries the same timestamp (reproducible builds)."""
    date_time = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in entries:
            stamped = zipfile.ZipInfo(info.filename, date_time=date_time)
            stamped.compress_type = info.compress_type
            stamped.external_attr = info.external_attr
            target.writestr(stamped, data)


def accessibility_metadata(summary: str) -> str:
    """EPUB Accessibility 1.1 discovery metadata (schema.org terms)."""
    properties = [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", summary),
    ]
    return "".join(f'  <meta property="{name}">{html.escape(value)}</meta>\n  ' for name, value in properties)


def with_parts(
    refnodes: list[dict[str, Any]], structure: BookStructure, suffix: str
) -> list[dict[str, Any]]:
    """Insert one entry per part and move its chapters one level down.

    A part entry links to the part's first chapter (EPUB navigation entries
    need a target, and a part has no page of its own in EPUB).
    """
    result: list[dict[str, Any]] = []
    current = None
    for node in refnodes:
        docname = html.unescape(node["refuri"]).split("#", 1)[0].removesuffix(suffix)
        if node["level"] == 1:
            entry = structure.get(docname)
            part = entry.part if entry else None
            if part is not None and part != current:
                result.append({"level": 1, "refuri": node["refuri"], "text": html.escape(part.caption)})
            current = part
        result.append({**node, "level": node["level"] + (1 if current else 0)})
    return result
