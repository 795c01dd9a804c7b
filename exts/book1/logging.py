"""One warning type for the extension, with documented subtypes.

Subtypes: ``registry`` (bib/book1.toml cannot be used), ``unknown-key`` (a
``book1`` reference or ``from-book1`` callout names no Book 1 chapter),
``config`` (a ``book1_*`` configuration value has the wrong type).
"""

from __future__ import annotations

from sphinx.util import logging

WARNING_TYPE = "book1"

logger = logging.getLogger(__name__)


def warn(message: str, subtype: str, location: object) -> None:
    """Emit a located, suppressible ``book1.<subtype>`` warning."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)
