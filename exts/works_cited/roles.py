"""sphinxcontrib-bibtex's ``cite`` roles, with a warning instead of a traceback.

``{cite:p}`kwon2023efficient yu2022orca``` (a space, not a comma) makes
sphinxcontrib-bibtex raise ValueError; here it is a located warning.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.roles import CiteRole

from .logging import warn


class CheckedCiteRole(CiteRole):
    """A cite role whose malformed targets are warnings."""

    def result_nodes(
        self, document: nodes.document, env: Any, node: nodes.Element, is_ref: bool
    ) -> Any:
        try:
            list(parse_citation_targets(self.target))
        except ValueError:
            warn(
                f"malformed citation {self.target!r}: separate keys with commas, "
                "e.g. {cite:p}`kwon2023efficient,yu2022orca`",
                "malformed-citation",
                node,
            )
            text = f"[Source: {self.target}?]"
            return [nodes.inline(text, text, classes=["bibtex-citation", "unknown"])], []
        return super().result_nodes(document, env, node, is_ref)
