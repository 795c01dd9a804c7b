"""Per-document status and counts, kept parallel-safe and incremental-correct."""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain

from exts.book_structure.loading import get_structure

from .counting import document_stats
from .logging import warn
from .model import STATUSES, DocStats, Extra, Row, Target, load_targets

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

ENV_TARGETS = "status_targets"
CHECKED_KINDS = ("front", "chapter", "appendix")


class StatusDomain(Domain):
    """Each document's declared status and counts, plus the pages that show them."""

    name = "status"
    label = "Status"
    initial_data: dict[str, Any] = {"stats": {}, "pages": {}, "signature": None}

    @property
    def stats(self) -> dict[str, DocStats]:
        return self.data["stats"]

    def clear_doc(self, docname: str) -> None:
        self.stats.pop(docname, None)
        self.data["pages"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["stats"]:
                self.stats[docname] = otherdata["stats"][docname]
            if docname in otherdata["pages"]:
                self.data["pages"][docname] = True

    def extras(self) -> tuple[Extra, dict[str, tuple[str, ...]]]:
        """Columns other extensions add: any domain with ``status_columns()`` (headers,
        cells by docname, totals) and optionally ``status_notes()`` (title, header, rows)."""
        header: tuple[str, ...] = ()
        totals: tuple[str, ...] = ()
        notes = []
        cells: dict[str, tuple[str, ...]] = {}
        for name in sorted(self.env.domains):
            domain = self.env.domains[name]
            if not hasattr(domain, "status_columns"):
                continue
            more_header, more_cells, more_totals = domain.status_columns()
            zeros = ("0",) * len(more_header)
            for docname in self.stats:
                cells[docname] = cells.get(docname, ()) + more_cells.get(docname, zeros)
            header, totals = header + tuple(more_header), totals + tuple(more_totals)
            if hasattr(domain, "status_notes"):
                notes.extend(domain.status_notes())
        return Extra(header, totals, tuple(notes)), cells

    def rows(self) -> list[Row]:
        """The matrix: front matter, chapters and appendices in reading order."""
        targets: dict[str, Target] = getattr(self.env, ENV_TARGETS, {})
        extra_cells = self.extras()[1]
        rows = []
        for entry in get_structure(self.env).entries:
            if entry.kind in CHECKED_KINDS and entry.docname in self.stats:
                title = (
                    self.env.titles[entry.docname].astext().removeprefix(f"{entry.label_text}: ")
                )
                rows.append(
                    Row(
                        entry.label or "-",
                        title,
                        entry.slug,
                        self.stats[entry.docname],
                        targets.get(entry.slug),
                        extra_cells.get(entry.docname, ()),
                    )
                )
        return rows


def load_targets_for_build(app: Sphinx) -> None:
    """Read the plan's word ranges and diagram counts (before readers fork)."""
    path = Path(app.srcdir) / app.config.status_targets_file
    targets, problems = load_targets(path)
    for problem in problems:
        warn(problem.message, "targets", f"{path}:{problem.line}")
    setattr(app.env, ENV_TARGETS, targets)


def record_document(app: Sphinx, doctree: nodes.document) -> None:
    """Check the declared status and count the document's contents."""
    env = app.env
    docname = env.current_document.docname
    status = env.metadata[docname].get("status")
    entry = get_structure(env).get(docname)
    if entry is not None and entry.kind in CHECKED_KINDS:
        if status is None:
            warn(
                f"no status in the front matter (one of {', '.join(STATUSES)})",
                "missing",
                (docname, 1),
            )
        elif status not in STATUSES:
            warn(
                f"unknown status {status!r} (one of {', '.join(STATUSES)})", "unknown", (docname, 1)
            )
    env.get_domain("status").stats[docname] = document_stats(doctree, docname, status)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the status page when any document's counts changed."""
    domain = env.get_domain("status")
    signature = repr(
        sorted(
            (d, s.status, s.words, s.diagrams, sorted(s.citations), sorted(s.book1))
            for d, s in domain.stats.items()
        )
    )
    if signature == domain.data["signature"]:
        return []
    domain.data["signature"] = signature
    return sorted(domain.data["pages"])
