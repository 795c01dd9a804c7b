"""One warning type for the extension, with documented subtypes.

Subtypes: ``syntax`` and ``unreadable`` (book.toml cannot be used),
``duplicate`` (a document listed twice), ``missing`` (a listed document
has no file), ``unlisted`` (a document in a book folder is not listed),
``unknown-chapter`` (a chapter reference names no document), ``no-title``
(a listed document has no heading), ``encoding`` (a document is not UTF-8),
``circular-include`` (a document includes itself, directly or not).
"""

from __future__ import annotations

from sphinx.util import logging

WARNING_TYPE = "book"

logger = logging.getLogger(__name__)


def warn(message: str, subtype: str, location: object) -> None:
    """Emit a located, suppressible ``book.<subtype>`` warning."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)
