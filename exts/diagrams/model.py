"""The data the extension works on. No Sphinx imports: tested on its own."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"


@dataclass(frozen=True)
class Problem:
    """Something wrong with a diagram source, located by line (1-based)."""

    subtype: str
    message: str
    line: int


@dataclass
class SvgDocument:
    """A parsed diagram: the ``<svg>`` tree and where each element came from.

    ``css`` holds the style sheets of an HTML wrapper (text, line); they are
    moved into the SVG when it is isolated for output.
    """

    root: ET.Element
    lines: dict[ET.Element, int]
    css: list[tuple[str, int]] = field(default_factory=list)

    def line(self, element: ET.Element) -> int:
        return self.lines.get(element, 1)

    def parents(self) -> dict[ET.Element, ET.Element]:
        return {child: parent for parent in self.root.iter() for child in parent}

    def stylesheets(self) -> list[tuple[str, int]]:
        """Every style sheet that applies: the wrapper's and the ``<style>`` elements'."""
        inner = [
            (el.text or "", self.line(el)) for el in self.root.iter() if local(el.tag) == "style"
        ]
        return [*self.css, *inner]


def local(name: str) -> str:
    """An element or attribute name without its namespace."""
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else ""
