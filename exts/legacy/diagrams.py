"""``![Caption](../assets/chNN-name.html)`` -> the book's ``diagram`` directive.

The predecessor kept every diagram in one ``assets/`` folder as
``chNN-name.html``; the book keeps them in ``source/diagrams/<chapter-slug>/``.
The image is replaced by what the diagram directive makes for the file the
image names, relative to the chapter, when it exists (a migrated book keeps
its ``assets/`` folder), else for ``<slug>/name.html`` (caption and alt text
from the image's text, label ``fig-<slug>-name``), parsed at the image's own line so that the diagram
extension's warnings point at the author's file.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePosixPath

from docutils import nodes
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.util.docutils import is_directive_registered, new_document

ASSET = re.compile(r"^(?:\.\./)*assets/(?:ch\d+-)?(?P<name>[\w.-]+\.(?:html|svg))$")


def legacy_asset(node: nodes.Node) -> re.Match[str] | None:
    """Is ``node`` an image of the predecessor's assets folder?"""
    if not isinstance(node, nodes.image):
        return None
    return ASSET.match(node["uri"])


def diagram_markdown(path: str, label: str, caption: str) -> str:
    """The native syntax the legacy image stands for."""
    text = " ".join(caption.split())
    return f"```{{diagram}} {path}\n:name: {label}\n:alt: {text}\n\n{text}\n```\n"


def diagram_path(srcdir: str, docname: str, uri: str, slug: str, name: str) -> str:
    """Where the diagram is: as written, relative to the chapter, if that file exists.

    A pandoc-era book kept ``assets/`` beside ``chapters/``; such a book builds
    with no file moved. Otherwise the native layout, ``diagrams/<slug>/<name>``.
    """
    written = posixpath.normpath(posixpath.join(posixpath.dirname(docname), uri))
    if not written.startswith("../") and (Path(srcdir) / written).is_file():
        return f"/{written}"
    return f"{slug}/{name}"


def convert_image(
    paragraph: nodes.paragraph, image: nodes.image, name: str, slug: str, path: str
) -> None:
    """Replace ``paragraph`` (holding only ``image``) by the diagram's figure at ``path``."""
    document = paragraph.document
    line = paragraph.line or image.line or 1
    label = f"fig-{slug}-{PurePosixPath(name).stem}"
    scratch = new_document(document["source"], document.settings)
    MystParser().parse(
        "\n" * (line - 1) + diagram_markdown(path, label, image.get("alt", "")), scratch
    )
    made = list(scratch.children)
    for node in made:
        for figure in node.findall(nodes.figure):
            if figure["names"]:
                document.note_explicit_target(figure, figure)
    paragraph.replace_self(made)


def diagrams_available() -> bool:
    """The conversion needs the diagram directive (exts.diagrams)."""
    return is_directive_registered("diagram")
