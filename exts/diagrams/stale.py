"""Remove the output files of diagrams that no page shows any more.

Diagram files are named by content hash (``diagram-<digest>.svg`` in EPUB
images, ``.pdf`` next to the .tex, ``.svg`` for rst2pdf), so editing a
diagram writes a new file; the old one would stay in the output, and be
packed into the EPUB, unless it is removed before writing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

from . import rst2pdf
from .domain import DiagramDomain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

DIAGRAM_FILE = re.compile(r"diagram-(?P<digest>[0-9a-f]{16})\.(?:svg|pdf)")


def remove_stale_files(app: Sphinx, builder: Builder) -> None:
    """``write-started``: every diagram file whose digest no page uses goes."""
    used = {record.digest for record in cast(DiagramDomain, app.env.get_domain("diagram")).records()}
    # next to the .tex (LaTeX), the image folder (EPUB), rst2pdf's folder
    for folder in ("", getattr(builder, "imagedir", ""), rst2pdf.FOLDER):
        for path in Path(builder.outdir, folder).glob("diagram-*"):
            found = DIAGRAM_FILE.fullmatch(path.name)
            if found and found["digest"] not in used:
                path.unlink()
