"""Raw markup (``{raw} html``, inline ``<script>``, raw LaTeX) is refused by default.

MyST turns HTML written in Markdown, and the ``raw`` directive, into
``raw`` nodes that reach the page as they are. Each one whose format is not
listed in ``policy_raw_formats`` is removed, with a warning at its line.
Raw nodes the extensions generate while parsing carry a class in
:data:`GENERATED` (exts.legacy's ``\\newpage`` page break) and are kept.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .logging import warn

GENERATED = frozenset({"legacy-newpage"})


class RefuseRawMarkup(SphinxTransform):
    """Remove raw nodes of formats the author has not opted in to."""

    default_priority = 100  # before every transform that could add raw nodes of its own

    def apply(self, **kwargs: object) -> None:
        allowed = {name.lower() for name in self.config.policy_raw_formats}
        refused: dict[tuple[int, int | None], list[nodes.raw]] = {}
        for raw in self.document.findall(nodes.raw):
            formats = set(raw.get("format", "").lower().split())
            generated = GENERATED.intersection(raw.get("classes", ()))
            if not generated and not (formats and formats <= allowed):
                refused.setdefault((id(raw.parent), raw.line), []).append(raw)
        for group in refused.values():  # inline <b>...</b> in one paragraph line: one warning
            formats = sorted({name for raw in group for name in raw.get("format", "").split()})
            shown = " ".join(" ".join(raw.astext() for raw in group).split())[:60]
            warn(
                f"raw {' '.join(formats) or 'markup'} refused: {shown!r}; "
                "add the format to policy_raw_formats in conf.py to allow it",
                "raw",
                group[0],
            )
            for raw in group:
                raw.parent.remove(raw)
