"""Diagrams in rst2pdf's TeX-free PDF (`make pdf`).

rst2pdf draws SVG images itself, as vectors (through svglib), so each diagram
becomes an ordinary image node that points at its sanitized SVG file. svglib
maps generic and unknown families to the standard PDF fonts (Helvetica,
Times, Courier), which are never embedded; :func:`embed_diagram_fonts` maps
them to the DejaVu fonts the diagrams name first, so every font is embedded.
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
        embed_diagram_fonts()
        for node in list(self.document.findall(diagram_image)):
            if not node["svg"]:
                node.replace_self(nodes.paragraph("", unavailable(node)))
                continue
            target = Path(self.app.builder.outdir, FOLDER, f"diagram-{node['digest']}.svg")
            if not target.exists():
                write_atomically(target, node["svg"])
            node.replace_self(nodes.image(uri=str(target), alt=node["alt"], width=node.get("width") or "100%"))


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
FACES = {
    ("normal", "normal"): "", ("bold", "normal"): "-Bold",
    ("normal", "italic"): "-Oblique", ("bold", "italic"): "-BoldOblique",
}
SERIF_FACES = {"-Oblique": "-Italic", "-BoldOblique": "-BoldItalic"}
FAMILIES = {
    "DejaVuSans": ["DejaVu Sans", "sans-serif", "Verdana", "Arial", "Helvetica", "Liberation Sans"],
    "DejaVuSansMono": ["DejaVu Sans Mono", "monospace", "Courier New", "Courier", "Liberation Mono"],
    "DejaVuSerif": ["DejaVu Serif", "serif", "Times New Roman", "Times", "Liberation Serif"],
}


def embed_diagram_fonts() -> None:
    """Map the diagrams' font families to DejaVu TrueType files in svglib (once)."""
    try:
        from svglib import fonts
    except ImportError:  # rst2pdf without svglib: it reports the missing images itself
        return
    if getattr(fonts, "_book_fonts", False) or not DEJAVU.is_dir():
        return
    for stem, families in FAMILIES.items():
        for (weight, style), suffix in FACES.items():
            if stem == "DejaVuSerif":
                suffix = SERIF_FACES.get(suffix, suffix)
            path = DEJAVU / f"{stem}{suffix}.ttf"
            if not path.is_file():
                continue
            for family in families:
                fonts.register_font(family, str(path), weight, style, f"{stem}{suffix}")
    fonts.DEFAULT_FONT_NAME = "DejaVuSans"
    from reportlab.graphics import shapes  # a drawing's initial font, Times-Roman by default

    shapes.STATE_DEFAULTS["fontName"] = "DejaVuSans"
    fonts._book_fonts = True
