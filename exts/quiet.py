"""Quiet builds: no notices that say nothing about the book.

sphinxext-opengraph prints "matplotlib is not installed, social cards will
not be generated" on import, even with ``-q``, although the book turns social
cards off (``ogp_social_cards``); MyST logs its whole configuration on every
build. List this extension before both: it imports opengraph with its stdout
captured and drops MyST's configuration line. Nothing else is filtered.
"""

from __future__ import annotations

import contextlib
import io
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

MYST_LOGGER = "sphinx.myst_parser.sphinx_ext.main"


def is_myst_configuration(record: logging.LogRecord) -> bool:
    """MyST's ``myst vX: MdParserConfig(...)`` line."""
    return str(record.msg).startswith("\x1b[01mmyst v") or str(record.msg).startswith("myst v")


def setup(app: Sphinx) -> ExtensionMetadata:
    with contextlib.redirect_stdout(io.StringIO()):
        import sphinxext.opengraph  # noqa: F401 - imported here only to silence its notice
    logging.getLogger(MYST_LOGGER).addFilter(lambda record: not is_myst_configuration(record))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
