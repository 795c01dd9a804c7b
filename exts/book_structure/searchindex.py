"""Keep index entries (the glossary's terms) in the search index across incremental builds.

Sphinx 9 keeps the search index's per-document index entries in the
environment, but saves the environment before writing, when they are not
yet collected; and ``IndexBuilder.load()`` restores titles and words from
the previous ``searchindex.js`` but not its ``indexentries``. So after an
incremental build the index holds only the entries of the pages just
rewritten: all 64 glossary terms vanish. (Sphinx ``sphinx/search/__init__.py``,
``IndexBuilder.load``; no upstream issue found yet.)

Work-around: at ``write-started``, read the entries of the previous
``searchindex.js`` back into the environment, in document order, so pages
rewritten now replace their own and the rest keep theirs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.search import js_index

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def previous_entries(path: Path, present: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Index entries per document from a written ``searchindex.js`` (present documents only)."""
    try:
        frozen: Any = js_index.loads(path.read_text(encoding="utf-8"))
        docnames, indexed = frozen["docnames"], frozen["indexentries"]
    except (OSError, ValueError, TypeError, KeyError):
        return {}
    found: dict[str, set[tuple[str, str, str]]] = {}
    for entry, places in indexed.items():
        for index, target, main in places:
            if isinstance(index, int) and 0 <= index < len(docnames) and docnames[index] in present:
                found.setdefault(docnames[index], set()).add((entry, target, "main" if main else ""))
    return {docname: sorted(entries) for docname, entries in found.items()}


def restore_index_entries(app: Sphinx, builder: Builder) -> None:
    """``write-started``: the previous build's index entries, for pages not rewritten now."""
    entries = getattr(app.env, "_search_index_index_entries", None)
    if not isinstance(entries, dict) or builder.format != "html" or not getattr(builder, "search", False):
        return
    filename = getattr(builder, "searchindex_filename", "searchindex.js")
    previous = previous_entries(Path(builder.outdir) / filename, set(app.env.found_docs))
    entries.clear()  # document order, so the index is written as a clean build writes it
    for docname in sorted(app.env.found_docs):
        entries[docname] = previous.get(docname, [])
