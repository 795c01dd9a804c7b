"""Diagrams in rst2pdf's TeX-free PDF (`make pdf`).

rst2pdf draws SVG images itself, as vectors (through svglib), so each diagram
becomes an ordinary image node that points at its sanitized SVG file.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import diagram_image, unavailable, write_atomically

FOLDER = "_diagrams"  # in the output folder


class DiagramsAsSvgImages(SphinxPostTransform):
    builders = ("pdf",)
    default_priority = 100

    def run(self, **kwargs: object) -> None:
        for node in list(self.document.findall(diagram_image)):
            if not node["svg"]:
                node.replace_self(nodes.paragraph("", unavailable(node)))
                continue
            target = Path(self.app.builder.outdir, FOLDER, f"diagram-{node['digest']}.svg")
            if not target.exists():
                write_atomically(target, node["svg"])
            node.replace_self(nodes.image(uri=str(target), alt=node["alt"], width=node.get("width") or "100%"))
