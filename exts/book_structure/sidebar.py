"""The navigation sidebar resolved once per build, not once per page.

The theme (pydata-sphinx-theme, under sphinx-book-theme) builds the sidebar
with the template function ``toctree()``, which Sphinx implements as
``global_toctree_for_doc(pagename)``: it deep-copies the table of contents of
every document of the book, prunes it and renders it, for every page written
(about 60 ms a page at 1x, growing with the book). The result differs
between pages only by

- the relative links (they are relative to the page), and
- the "current" class on the branch that leads to the page.

``html-page-context`` replaces the page's ``toctree()`` by one that resolves
the tree once per build with Sphinx's own function, for a page that is in no
toctree, and then, per page, copies it (a few dozen nodes), rewrites the
links relative to the page and marks the current branch as
``sphinx.environment.adapters.toctree._toctree_add_classes`` does. Calls this
cannot reproduce exactly (``collapse=True``, which prunes by the current
page, or no positive ``maxdepth``, under which the page's ancestors keep
their full depth) go to Sphinx's own function. tests/test_fast_paths.py
compares both, page by page and file by file.

In the warm preview (tools/warm_build.py) the resolved tree is also kept
across builds (exts/filememo.py ``note``/``recall``), under a digest of
everything Sphinx's resolution reads: every document's table of contents
(with its toctrees and section numbers), title and ``tocdepth``, the
toctree includes, the root document's stored doctree, the tags, the
builder's link suffixes and the configuration's root and patterns. A
changed title, toctree or section recomputes it; a resolution that warned
is not kept, so the next build warns again as a cold build would.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util import url_re
from sphinx.util.logging import NAMESPACE

from exts import filememo

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

#: A page name no toctree can list: the tree resolved "for" it has no current branch.
NEUTRAL_PAGE = "\x00book-sidebar"

#: Before other ``html-page-context`` handlers, so one that replaces ``toctree()``
#: for its own page (sphinx-notfound-page's 404 page, priority 400) still wins.
PRIORITY = 300

_Key = tuple[bool, bool, int, bool]
#: The tree, the target document of each internal link (by position), the documents linked without anchor.
_Neutral = tuple[nodes.Element, dict[int, str], list[str]]


class WarningCounter(logging.Handler):
    """Counts Sphinx's warnings as they are logged (the write phase shows them only at its end)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class SidebarCache:
    """The neutral sidebar trees of one build, keyed by ``toctree()`` arguments."""

    def __init__(self) -> None:
        self.trees: dict[_Key, _Neutral | None] = {}

    def clear(self, *_args: Any) -> None:
        """``write-started``: the toctrees may have changed since the last build."""
        self.trees.clear()

    def use_for_page(self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
        """``html-page-context``: the page's ``toctree()`` from the build's cached tree."""
        builder = app.builder
        if "toctree" not in context or not hasattr(builder, "_get_local_toctree"):
            return
        context["toctree"] = lambda **kwargs: page_toctree(builder, self, pagename, **kwargs)

    def neutral(self, builder: StandaloneHTMLBuilder, key: _Key) -> _Neutral | None:
        """The tree for a page in no toctree, and the target document of each internal link.

        None when a link cannot be mapped back to one document (then every
        page uses Sphinx's own function). Kept by the warm preview while
        ``structure_digest`` is the same.
        """
        if key not in self.trees:
            name = f"{__name__}.neutral"
            structure = structure_digest(builder, key) if filememo.KEEPING else None
            kept = filememo.recall(name, structure) if structure is not None else None
            if kept is None:
                warnings = WarningCounter()
                logging.getLogger(NAMESPACE).addHandler(warnings)
                try:
                    kept = (self._resolve(builder, key),)
                finally:
                    logging.getLogger(NAMESPACE).removeHandler(warnings)
                if structure is not None and not warnings.count:
                    filememo.note(name, structure, kept)
            self.trees[key] = kept[0]
        return self.trees[key]

    @staticmethod
    def _resolve(builder: StandaloneHTMLBuilder, key: _Key) -> _Neutral | None:
        collapse, includehidden, maxdepth, titles_only = key
        tree = global_toctree_for_doc(
            builder.env, NEUTRAL_PAGE, builder, tags=builder.tags,
            collapse=collapse, includehidden=includehidden, maxdepth=maxdepth, titles_only=titles_only,
        )
        if tree is None:
            return None
        by_uri: dict[str, str] = {}
        for docname in builder.env.all_docs:
            uri = builder.get_relative_uri(NEUTRAL_PAGE, docname)
            if uri in by_uri:
                return None  # two documents, one link: not invertible
            by_uri[uri] = docname
        included = [doc for docs in builder.env.toctree_includes.values() for doc in docs]
        if len(included) != len(set(included)):
            return None  # a document listed twice: each copy of it has its own current branch
        targets: dict[int, str] = {}
        for index, ref in enumerate(tree.findall(nodes.reference)):
            uri, anchor = ref["refuri"], ref.get("anchorname", "")
            if url_re.match(uri):
                continue  # an external link: Sphinx leaves it as written
            base = uri[: len(uri) - len(anchor)] if anchor else uri
            if "anchorname" not in ref or not uri.endswith(anchor) or base not in by_uri:
                return None
            targets[index] = by_uri[base]
        pages = [targets[index] for index, ref in enumerate(tree.findall(nodes.reference))
                 if index in targets and not ref["anchorname"]]
        return tree, targets, pages


def structure_digest(builder: StandaloneHTMLBuilder, key: _Key) -> str:
    """A digest of what resolving the neutral tree with ``toctree()`` arguments ``key`` reads."""
    env, config = builder.env, builder.config
    documents = sorted(env.all_docs)
    try:
        root = (builder.doctreedir / f"{config.root_doc}.doctree").read_bytes()
    except OSError:
        root = None
    data = (
        key, documents, root, sorted(builder.tags), builder.out_suffix, builder.link_suffix,
        config.root_doc, config.include_patterns, config.exclude_patterns,
        sorted(env.toctree_includes.items()),
        [(env.tocs.get(doc), env.titles.get(doc), env.metadata.get(doc, {}).get("tocdepth"))
         for doc in documents],
    )
    return hashlib.sha256(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def page_toctree(builder: StandaloneHTMLBuilder, cache: SidebarCache, pagename: str, **kwargs: Any) -> str:
    """``toctree()`` for ``pagename``: Sphinx's ``_get_local_toctree``, from the cached tree."""
    collapse = kwargs.pop("collapse", True)
    kwargs.setdefault("includehidden", False)
    if kwargs.get("maxdepth") == "":
        kwargs.pop("maxdepth")
    try:
        maxdepth = int(kwargs.get("maxdepth", 0))
    except (TypeError, ValueError):
        maxdepth = 0
    known = set(kwargs) <= {"includehidden", "maxdepth", "titles_only"}
    if collapse or maxdepth <= 0 or not known:
        return builder._get_local_toctree(pagename, collapse=collapse, **kwargs)
    key = (bool(collapse), bool(kwargs["includehidden"]), maxdepth, bool(kwargs.get("titles_only", False)))
    neutral = cache.neutral(builder, key)
    if neutral is None:
        return builder._get_local_toctree(pagename, collapse=collapse, **kwargs)
    tree, targets, pages = neutral
    if pagename in builder.env.all_docs and pages.count(pagename) != 1:
        # in no toctree, or listed where the tree was pruned: Sphinx marks ancestors we cannot see
        return builder._get_local_toctree(pagename, collapse=collapse, **kwargs)
    tree = tree.deepcopy()
    for index, ref in enumerate(tree.findall(nodes.reference)):
        docname = targets.get(index)
        if docname is None:
            continue
        ref["refuri"] = builder.get_relative_uri(pagename, docname) + ref["anchorname"]
        if docname == pagename and not ref["anchorname"]:
            branch: nodes.Element | None = ref
            while branch:
                branch["classes"].append("current")
                branch = branch.parent
    return builder.render_partial(tree)["fragment"]


def setup_sidebar(app: Sphinx) -> None:
    cache = SidebarCache()
    app.connect("write-started", cache.clear)
    app.connect("html-page-context", cache.use_for_page, priority=PRIORITY)
