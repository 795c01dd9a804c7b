"""The stylesheet that makes inline diagrams scale and stay readable in dark mode."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
STYLESHEET = "diagrams.css"


def add_static_path(app: Sphinx) -> None:
    if "html" in app.builder.format:
        app.config.html_static_path.append(str(STATIC))
