"""One warning type for the extension, with documented subtypes.

Subtypes: ``missing`` (a front matter, chapter or appendix document declares
no status), ``unknown`` (a status other than outline, draft, review, final),
``targets`` (the targets file cannot be used).
"""

from __future__ import annotations

from sphinx.util import logging

WARNING_TYPE = "status"

logger = logging.getLogger(__name__)


def warn(message: str, subtype: str, location: object) -> None:
    """Emit a located, suppressible ``status.<subtype>`` warning."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)
