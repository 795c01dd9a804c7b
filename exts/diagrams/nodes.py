"""The diagram inside its figure, rendered for each format.

HTML gets the sanitized SVG inline (real text, crisp, scales with the page);
embedded HTML (EPUB) gets it as an image file; LaTeX gets a vector PDF;
text builders get the alt text.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from .convert import ensure_pdf, find_converter, pdf_name
from .logging import warn


class diagram_image(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Attributes: ``source`` (path under the diagrams folder), ``svg`` (a
    standalone SVG file, empty when the source could not be used), ``inline``
    (the markup for HTML pages), ``digest``, ``alt``, ``width``."""


class diagram_inventory(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the list of diagrams, filled once all documents are read."""


def unavailable(node: diagram_image) -> str:
    return f"Diagram not available: {node['source']}"


def visit_html(self: SphinxTranslator, node: diagram_image) -> None:
    style = f' style="width: {node["width"]}"' if node.get("width") else ""
    if not node["svg"]:
        self.body.append(f'<p class="diagram-missing">{self.encode(unavailable(node))}</p>\n')
    else:
        name = f"diagram-{node['digest']}.svg"
        target = Path(self.builder.outdir, self.builder.imagedir, name)
        if not target.exists():
            write_atomically(target, node["svg"] if self.builder.embedded else enlarged(node["svg"]))
        src = posixpath.join(self.builder.imgpath, name)
        if self.builder.embedded:
            self.body.append(
                f'<img src="{src}" alt="{self.attval(node["alt"])}" class="diagram-image"{style} />\n'
            )
        else:
            self.body.append(enlargeable(self, node, src, style))
    raise nodes.SkipNode


ENLARGE = 1.6  # the website's full-size view: 1.6 x the drawing's own size
ROOT_TAG = re.compile(r"<svg\b[^>]*>")
VIEWBOX = re.compile(r'\sviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')
SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def enlarged(svg: str) -> str:
    """The standalone SVG sized for the website's full-size view.

    Without a size a browser fits an SVG file to the window, which on a phone
    is no bigger than the page; this gives it ENLARGE times its viewBox.
    """
    root = ROOT_TAG.search(svg)
    box = VIEWBOX.search(root.group(0)) if root else None
    if root is None or box is None:
        return svg
    width, height = (float(value) * ENLARGE for value in box.groups())
    tag = SIZE.sub("", root.group(0))
    tag = tag[:4] + f' width="{width:g}" height="{height:g}"' + tag[4:]
    return svg[: root.start()] + tag + svg[root.end() :]


def enlargeable(self: SphinxTranslator, node: diagram_image, src: str, style: str) -> str:
    """The inline SVG inside a link to its standalone file: a tap opens it full size.

    A plain link, no script. A diagram with links of its own cannot sit inside
    another link, so it gets a separate "Open full size" link below instead.
    """
    label = self.attval(f"Open the diagram full size: {node['alt']}" if node["alt"] else "Open the diagram full size")
    diagram = f'<div class="diagram-svg">{node["inline"]}</div>'
    if "<svg:a" in node["inline"] or "<a " in node["inline"] or "<a>" in node["inline"]:
        return (
            f'<div class="diagram-frame"{style}>{diagram}'
            f'<a class="diagram-enlarge-text" href="{src}" aria-label="{label}">Open full size</a></div>\n'
        )
    return f'<a class="diagram-enlarge" href="{src}" aria-label="{label}"{style}>{diagram}</a>\n'


def write_atomically(target: Path, text: str) -> None:
    """Write ``target`` so that parallel writers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)


def visit_latex(self: SphinxTranslator, node: diagram_image) -> None:
    converter = find_converter(self.config.diagrams_pdf_converter)
    name = pdf_name(node["digest"])
    target = Path(self.builder.outdir, name)
    if not node["svg"] or (converter is None and not target.exists()):
        self.body.append(f"\n\\fbox{{{self.encode(unavailable(node))}}}\n")
        raise nodes.SkipNode
    if converter is not None:
        failure = ensure_pdf(node["svg"], target, converter)
        if failure:
            warn(f"cannot convert {node['source']} to PDF: {failure}", "converter", node)
            self.body.append(f"\n\\fbox{{{self.encode(unavailable(node))}}}\n")
            raise nodes.SkipNode
    width = self.latex_image_length(node["width"]) if node.get("width") else None
    options = f"[width={width}]" if width else ""
    self.body.append(f"\n\\noindent\\sphinxincludegraphics{options}{{{{{name[:-4]}}}.pdf}}\n")
    raise nodes.SkipNode


def visit_text(self: SphinxTranslator, node: diagram_image) -> None:
    self.new_state(0)
    self.add_text(f"[Diagram: {node['alt'] or node['source']}]")
    self.end_state(wrap=False)
    raise nodes.SkipNode


def skip(self: SphinxTranslator, node: nodes.Element) -> None:
    raise nodes.SkipNode


IMAGE_VISITORS = {
    "html": (visit_html, None),
    "latex": (visit_latex, None),
    "text": (visit_text, None),
    "man": (skip, None),
    "texinfo": (skip, None),
}

INVENTORY_VISITORS = {fmt: (skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")}
