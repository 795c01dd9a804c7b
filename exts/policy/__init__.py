"""The book's content security policy for what documents may pull in.

Includes read files inside the repository only; raw markup (HTML, LaTeX)
is refused unless conf.py opts in with ``policy_raw_formats``. Diagrams
(exts.diagrams) and .bib links (exts.works_cited) apply the same policy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import includes, nesting, symlinks
from .includes import REFUSED, RefusedInclude
from .raw import RefuseRawMarkup

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("policy_raw_formats", [], "env", types=frozenset({list, tuple}))
    app.add_directive(REFUSED, RefusedInclude)
    app.add_transform(RefuseRawMarkup)
    links = symlinks.UnsafeLinks()
    app.connect("config-inited", links.exclude)
    app.connect("builder-inited", links.report)
    app.connect("source-read", includes.check_document, priority=100)
    app.connect("include-read", includes.check_included, priority=100)
    app.connect("source-read", nesting.check_document, priority=110)
    app.connect("include-read", nesting.check_included, priority=110)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
