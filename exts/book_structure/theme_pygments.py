"""The theme's ``pygments.css`` written before the pages that link it.

pydata-sphinx-theme (under sphinx-book-theme) rewrites ``_static/pygments.css``
with its light and dark styles at ``build-finished``, after every page is
written. Each page links the file with a checksum of what it held when the
page was written (``pygments.css?v=...``), so after a clean build every
page carried the checksum of Sphinx's own file, not of the one served, and a
browser could keep a stale copy. Writing the theme's version as soon as
Sphinx has copied the static files makes the two agree; the theme's own
handler then writes the same bytes again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

THEME = "pydata_sphinx_theme"


def write_theme_pygments_css(app: Sphinx) -> None:
    """Write the theme's light/dark ``pygments.css`` now, if the theme is in use."""
    if THEME in app.extensions:
        from pydata_sphinx_theme.pygments import overwrite_pygments_css

        overwrite_pygments_css(app)
