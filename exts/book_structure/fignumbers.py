"""Figure numbers without un-pickling every doctree.

On every build, even a no-op or a one-word edit, Sphinx's
``TocTreeCollector.assign_figure_numbers`` numbers every figure, table and
listing of the book afresh by walking every document's doctree, each
un-pickled from disk (0.5 s at 1x under the profiler, growing with the book).
The walk needs only a small part of each doctree: its sections (for section
numbers), its toctrees (to follow them into other documents) and its
numbered nodes, in document order. That *skeleton* is recorded when the
document is read (``doctree-read``, after the other handlers) and kept in the
book domain; the collector below replays the skeletons with Sphinx's own
numbering rules and falls back to the doctree for a document without one.

The replay follows ``sphinx/environment/collectors/toctree.py``
(Sphinx 9.0) step for step; tests/test_fast_paths.py compares its numbers
with Sphinx's on the same environment and the website built with each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import StandardDomain
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util import url_re

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: After the other ``doctree-read`` handlers: the skeleton of the doctree Sphinx pickles.
RECORD_PRIORITY = 900

# A skeleton is a list of items in document order:
#   ("section", first id, items)  a section and what it holds
#   ("toctree", [docname, ...])    a toctree's entries
#   ("number", figtype, id)        a numbered node (figure, table, listing...)
Item = tuple[Any, ...]
Skeleton = list[Item]


def enumerable_type(env: BuildEnvironment, node: nodes.Node) -> str | None:
    """``get_figtype`` of ``assign_figure_numbers``."""
    for domain in env.domains.sorted():
        figtype = domain.get_enumerable_node_type(node)
        if isinstance(domain, StandardDomain) and not domain.get_numfig_title(node):
            continue  # uncaptioned
        if figtype:
            return figtype
    return None


def skeleton(env: BuildEnvironment, node: nodes.Element) -> Skeleton:
    """The items of ``node``'s children, as ``_walk_doctree`` visits them."""
    items: Skeleton = []
    for subnode in node.children:
        if isinstance(subnode, nodes.section):
            items.append(("section", subnode["ids"][0] if subnode["ids"] else None, skeleton(env, subnode)))
        elif isinstance(subnode, addnodes.toctree):
            items.append(("toctree", [docname for _title, docname in subnode["entries"]]))
        elif isinstance(subnode, nodes.Element):
            figtype = enumerable_type(env, subnode)
            if figtype and subnode["ids"]:
                items.append(("number", figtype, subnode["ids"][0]))
            items.extend(skeleton(env, subnode))
    return items


def record_skeleton(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: keep the document's skeleton in the book domain."""
    env = app.env
    env.get_domain("book").data["skeletons"][env.docname] = skeleton(env, doctree)


def doctree_skeleton(env: BuildEnvironment, docname: str) -> Skeleton:
    skeletons: dict[str, Skeleton] = env.get_domain("book").data["skeletons"]
    if docname not in skeletons:
        return skeleton(env, env.get_doctree(docname))
    return skeletons[docname]


class SkeletonTocTreeCollector(TocTreeCollector):
    """Sphinx's collector, with figure numbers assigned from the skeletons."""

    def assign_figure_numbers(self, env: BuildEnvironment) -> list[str]:
        generated_docnames = frozenset(env.domains.standard_domain._virtual_doc_names)
        rewrite_needed = []
        assigned: set[str] = set()
        old_fignumbers = env.toc_fignumbers
        env.toc_fignumbers = {}
        fignum_counter: dict[str, dict[tuple[int, ...], int]] = {}

        def get_section_number(docname: str, anchor: str) -> tuple[int, ...]:
            secnumbers = env.toc_secnumbers.get(docname, {})
            anchorname = "#" + anchor
            secnum = secnumbers.get(anchorname) if anchorname in secnumbers else secnumbers.get("")
            return secnum or ()

        def register_fignumber(docname: str, secnum: tuple[int, ...], figtype: str, figure_id: str) -> None:
            fignumbers = env.toc_fignumbers.setdefault(docname, {}).setdefault(figtype, {})
            counter = fignum_counter.setdefault(figtype, {})
            secnum = secnum[: env.config.numfig_secnum_depth]
            counter[secnum] = counter.get(secnum, 0) + 1
            fignumbers[figure_id] = (*secnum, counter[secnum])

        def walk_items(docname: str, items: Skeleton, secnum: tuple[int, ...]) -> None:
            for item in items:
                if item[0] == "section":
                    # Sphinx reads section["ids"][0]: a section without ids fails there too
                    next_secnum = get_section_number(docname, cast("str", item[1]))
                    walk_items(docname, item[2], next_secnum or secnum)
                elif item[0] == "toctree":
                    for subdocname in item[1]:
                        if url_re.match(subdocname) or subdocname == "self" or subdocname in generated_docnames:
                            continue
                        walk_doc(subdocname, secnum)
                else:
                    register_fignumber(docname, secnum, item[1], item[2])

        def walk_doc(docname: str, secnum: tuple[int, ...]) -> None:
            if docname not in assigned:
                assigned.add(docname)
                walk_items(docname, doctree_skeleton(env, docname), secnum)

        if env.config.numfig:
            walk_doc(env.config.root_doc, ())
            for docname, fignums in env.toc_fignumbers.items():
                if fignums != old_fignumbers.get(docname):
                    rewrite_needed.append(docname)
        return rewrite_needed


def replace_toctree_collector(app: Sphinx) -> None:
    """Disable Sphinx's TocTreeCollector and enable the skeleton one in its place."""
    for listener in list(app.events.listeners["env-get-updated"]):
        collector = getattr(listener.handler, "__self__", None)
        if type(collector) is TocTreeCollector:
            collector.disable(app)
            app.add_env_collector(SkeletonTocTreeCollector)
            app.connect("doctree-read", record_skeleton, priority=RECORD_PRIORITY)
            return
