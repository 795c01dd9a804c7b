"""One warning type for the extension, with documented subtypes.

Subtypes (all ``works-cited.<subtype>``, see AUTHORING.md "Citations"):
``unknown-key`` (a citation names no entry in bib/), ``no-url`` (an entry has
neither ``url`` nor ``doi``), ``unused`` (an entry nothing cites),
``malformed-bib`` (a .bib file cannot be parsed), ``duplicate-key`` (two
entries share a key), ``malformed-citation`` (a cite role's keys are not
comma-separated).
"""

from __future__ import annotations

from sphinx.util import logging

WARNING_TYPE = "works-cited"

logger = logging.getLogger(__name__)


def warn(message: str, subtype: str, location: object) -> None:
    """Emit a located, suppressible ``works-cited.<subtype>`` warning."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)
