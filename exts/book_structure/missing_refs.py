"""Sphinx's warnings for an unknown glossary term or label, with a suggestion.

Sphinx says ``term not in glossary: 'kv cahce'``; the same warning (same type
and subtype, so ``suppress_warnings`` is unchanged) here ends with the closest
known terms or labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from exts.suggestions import did_you_mean

if TYPE_CHECKING:
    from sphinx import addnodes
    from sphinx.application import Sphinx
    from sphinx.domains import Domain

logger = logging.getLogger(__name__)

LABEL_ROLES = ("ref", "numref")


def known_names(domain: Domain, role: str) -> list[str]:
    """The glossary terms (for ``term``) or labels (for ``ref``/``numref``) the book defines."""
    if role == "term":
        return [name for (kind, name) in domain.objects if kind == "term"]
    return [*domain.labels, *domain.anonlabels]


def warn_with_suggestion(app: Sphinx, domain: Domain | None, node: addnodes.pending_xref) -> bool:
    """Emit Sphinx's own dangling-reference warning plus "did you mean"; True when handled."""
    role = node.get("reftype", "")
    if domain is None or domain.name != "std" or role not in ("term", *LABEL_ROLES):
        return False
    target = node["reftarget"]
    message = domain.dangling_warnings[role] % {"target": target}
    hint = did_you_mean(target, known_names(domain, role))
    logger.warning(message + hint, location=node, type="ref", subtype=role)
    return True
