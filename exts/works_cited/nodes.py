"""Placeholders filled once every document is read (see ``render.py``)."""

from __future__ import annotations

from docutils import nodes


class references_list(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """The entries of one chapter's References section."""


class works_cited_page(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """The Works Cited page: frequently cited works, then sources by chapter."""
