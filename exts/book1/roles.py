"""The ``book1`` role and the ``from-book1`` callout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective, SphinxRole

from exts.book_structure.role_lines import role_line
from exts.suggestions import did_you_mean

from .domain import book1_xref
from .loading import get_registry
from .logging import warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def note_reference(env: BuildEnvironment, key: str, location: tuple[str, int]) -> bool:
    """Record a reference to ``key``; warn and return False if Book 1 has no such chapter."""
    registry = get_registry(env)
    if registry.path:
        env.note_dependency(registry.path)
    if registry.get(key) is None:
        hint = did_you_mean(key, [chapter.key for chapter in registry.chapters])
        warn(
            f"unknown Book 1 chapter {key!r} (keys are listed in"
            f" {env.config.book1_registry_file}){hint}",
            "unknown-key",
            location,
        )
        return False
    env.get_domain("book1").note_ref(location[0], key, location[1])
    return True


class Book1Role(SphinxRole):
    """``{book1}`network``` renders "*Before the 3 AM Alert*, Chapter 5: Network & ..."."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key = self.text.strip()
        if not note_reference(self.env, key, self.get_location_tuple()):
            return [nodes.inline(key, key, classes=["book1-ref", "unknown"])], []
        node = book1_xref(key)
        self.set_source_info(node)
        return [node], []

    def get_location_tuple(self) -> tuple[str, int]:
        return self.env.current_document.docname, role_line(self.inliner, self.lineno)


class FromBook1(SphinxDirective):
    """The "From Book 1" callout: a short recap, then the reference."""

    required_arguments = 1
    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0].strip()
        location = (self.env.current_document.docname, self.lineno)
        known = note_reference(self.env, key, location)
        callout = from_book1_callout(key if known else None, self.options.get("class", []))
        self.set_source_info(callout)
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        callout.insert(1, body.children)
        return [callout]


def from_book1_callout(key: str | None, classes: list[str] | None = None) -> nodes.admonition:
    """The callout's frame: title, then (after the recap) "See <reference>."."""
    callout = nodes.admonition("", classes=["from-book1", *(classes or [])])
    callout += nodes.title("From Book 1", "From Book 1")
    if key is not None:
        see = nodes.paragraph("", "See ", classes=["book1-see"])
        see += book1_xref(key)
        see += nodes.Text(".")
        callout += see
    return callout
