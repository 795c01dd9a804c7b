"""The ``fact`` role and the ``fact-table`` directive.

``{fact}`key``` renders a fact's value and its citation in the book's style;
``{fact}`key:KiB:.1f``` converts to a unit and formats the number; a derived
value cites the facts its formula uses. ``{fact:value}`key``` is the value
alone, for a sentence that already cites the source.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective, SphinxRole

from exts.works_cited.roles import CheckedCiteRole

from .domain import current_signature
from .loading import get_registry
from .logging import warn
from .registry import Fact
from .units import FormatError, UnitsError
from .values import value_text

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

TARGET_RE = re.compile(r"(?P<key>[^:\s]+)(?::(?P<unit>[^:]*))?(?::(?P<format>[^:]*))?")


class Target(NamedTuple):
    key: str
    unit: str
    format: str


def parse_target(text: str) -> Target | None:
    """``key``, ``key:unit`` or ``key:unit:format`` (unit may be empty: ``key::.1f``)."""
    match = TARGET_RE.fullmatch(text.strip())
    if match is None:
        return None
    return Target(match["key"], (match["unit"] or "").strip(), (match["format"] or "").strip())


def lookup(
    env: BuildEnvironment, target: Target, location: tuple[str, int]
) -> tuple[Fact | None, str]:
    """The fact and its printed value, or (None, "") after a located warning.

    The use is recorded either way, with the fact's signature, for incremental builds.
    """
    docname = location[0]
    registry = get_registry(env)
    env.get_domain("fact").note_use(
        docname, target.key, location[1], current_signature(env, target.key)
    )
    fact = registry.get(target.key)
    if fact is None:
        hint = registry.suggest(target.key)
        where = env.config.facts_registry_file
        message = f"unknown fact {target.key!r}" + (
            f" (did you mean {hint!r}?)" if hint else f" (facts are in {where})"
        )
        if target.key in registry.lines:
            message = f"fact {target.key!r} has a problem in {where} (see the warning there)"
        warn(message, "unknown", location)
        return None, ""
    try:
        return fact, value_text(fact, target.unit, target.format)
    except UnitsError as err:
        subtype = "syntax" if isinstance(err, FormatError) else "units"
        warn(f"fact {target.key!r}: {err}", subtype, location)
        return None, ""


def citation_nodes(
    fact: Fact, rawtext: str, lineno: int, inliner: object
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The book's citation of the fact's sources, made by the ``cite:p`` role itself."""
    if not fact.cites:
        return [], []
    keys = ",".join(fact.cites)
    return CheckedCiteRole()("cite:p", rawtext, keys, lineno, inliner, {}, [])


def unknown_node(text: str) -> nodes.inline:
    return nodes.inline(text, f"{text}?", classes=["fact", "unknown"])


class FactRole(SphinxRole):
    """``{fact}`h100-sxm-bandwidth``` -> "3.35 TB/s [Source: NVIDIA, 2024]"."""

    def __init__(self, cite: bool = True) -> None:
        super().__init__()
        self.cite = cite

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        location = (self.env.current_document.docname, self.lineno)
        target = parse_target(self.text)
        if target is None:
            warn(f"{self.text!r} is not key, key:unit or key:unit:format", "syntax", location)
            return [unknown_node(self.text)], []
        fact, text = lookup(self.env, target, location)
        if fact is None:
            return [unknown_node(target.key)], []
        value = nodes.inline(text, text, classes=["fact"], fact=fact.key)
        self.set_source_info(value)
        if not self.cite:
            return [value], []
        cites, messages = citation_nodes(fact, self.rawtext, self.lineno, self.inliner)
        return [value, nodes.Text(" "), *cites] if cites else [value], messages


class FactTable(SphinxDirective):
    """A table of facts: one key (``key``, ``key:unit`` or ``key:unit:format``) per line.

    Columns: the fact's label, its value, its source (a citation) and the
    date it was last confirmed.
    """

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"name": directives.unchanged, "class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        docname = self.env.current_document.docname
        rows = []
        for offset, line in enumerate(self.content):
            if not line.strip():
                continue
            lineno = self.content_offset + offset + 1
            location = (docname, lineno)
            target = parse_target(line)
            if target is None:
                warn(
                    f"{line.strip()!r} is not key, key:unit or key:unit:format", "syntax", location
                )
                continue
            fact, text = lookup(self.env, target, location)
            if fact is None:
                continue
            cites, _ = citation_nodes(fact, line, lineno, self.state.inliner)
            rows.append(
                [
                    [nodes.paragraph("", fact.label)],
                    [
                        nodes.paragraph(
                            "", "", nodes.inline(text, text, classes=["fact"], fact=fact.key)
                        )
                    ],
                    [nodes.paragraph("", "", *cites)]
                    if cites
                    else [nodes.paragraph("", f"assumption: {fact.assumption}")]
                    if fact.assumption
                    else [nodes.paragraph("", "our arithmetic")],
                    [nodes.paragraph("", fact.as_of.strftime("%B %Y") if fact.as_of else "")],
                ]
            )
        header = [[nodes.paragraph("", text)] for text in ("Fact", "Value", "Source", "As of")]
        table = build_table(header, rows, ["fact-table", *self.options.get("class", [])])
        if self.arguments:
            title_text = self.arguments[0]
            title_nodes, messages = self.state.inline_text(title_text, self.lineno)
            table.insert(0, nodes.title(title_text, "", *title_nodes))
        self.set_source_info(table)
        self.add_name(table)
        return [table]


def build_table(
    header: list[list[nodes.Node]], rows: list[list[list[nodes.Node]]], classes: list[str]
) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=width) for width in (4, 2, 3, 2)]
    group += nodes.thead("", _row(header))
    group += nodes.tbody("", *(_row(row) for row in rows))
    return table


def _row(cells: list[list[nodes.Node]]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", *cell) for cell in cells))
