"""EPUB navigation with parts: chapters nest under "Part I: Foundations"."""

from __future__ import annotations

import html
from typing import Any

from sphinx.builders.epub3 import Epub3Builder, NavPoint

from .loading import get_structure
from .model import BookStructure


class BookEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with part entries in nav.xhtml and toc.ncx."""

    def build_navlist(self, navnodes: list[dict[str, Any]]) -> list[NavPoint]:
        return super().build_navlist(with_parts(navnodes, get_structure(self.env), self.out_suffix))

    def build_navpoints(self, nodes: list[dict[str, Any]]) -> list[NavPoint]:
        return super().build_navpoints(with_parts(nodes, get_structure(self.env), self.out_suffix))


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
