"""Required sections and their order, checked on a heading tree (no Sphinx imports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Position = Literal["first", "next", "any", "last"]


@dataclass
class Heading:
    """A section heading: its level (2 for ``##``), title, line and subsections."""

    level: int
    title: str
    line: int
    children: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    """A required heading and where it must stand among its siblings."""

    title: str
    position: Position = "any"


@dataclass(frozen=True)
class Problem:
    subtype: str
    message: str
    line: int


CHAPTER_RULES = (
    Rule("Overview", "first"),
    Rule("Bridging the Gap", "next"),
    Rule("Common Pitfalls"),
    Rule("Summary", "last"),
)
APPENDIX_RULES = (Rule("Overview", "first"), Rule("Summary", "last"))
BRIDGE_RULES = (Rule("From the ML side"), Rule("From the API side"))
RULES_BY_KIND = {
    "chapter": (CHAPTER_RULES, {"Bridging the Gap": BRIDGE_RULES}),
    "appendix": (APPENDIX_RULES, {}),
}


def normal(title: str) -> str:
    return " ".join(title.split()).casefold()


def find(headings: list[Heading], title: str) -> int | None:
    return next((i for i, h in enumerate(headings) if normal(h.title) == normal(title)), None)


def check_required(kind: str, top: Heading) -> list[Problem]:
    """Problems with the required sections of a document of ``kind`` whose title is ``top``."""
    if kind not in RULES_BY_KIND:
        return []
    rules, subrules = RULES_BY_KIND[kind]
    problems = check_siblings(top, rules, "the document")
    for parent_title, child_rules in subrules.items():
        index = find(top.children, parent_title)
        if index is not None:
            parent = top.children[index]
            problems += check_siblings(
                parent, child_rules, f"'{marks(parent.level)} {parent.title}'"
            )
    return problems


def check_siblings(parent: Heading, rules: tuple[Rule, ...], where: str) -> list[Problem]:
    """Each rule's heading exists among ``parent``'s children, in order and in place."""
    headings = parent.children
    level = parent.level + 1
    problems: list[Problem] = []
    previous: tuple[Rule, int] | None = None
    for rule in rules:
        index = find(headings, rule.title)
        name = f"'{marks(level)} {rule.title}'"
        if index is None:
            problems.append(
                Problem("missing-section", f"{where} has no {name} section", parent.line)
            )
            continue
        line = headings[index].line
        if previous is not None and index < previous[1]:
            problems.append(
                Problem(
                    "section-order",
                    f"{name} must come after '{marks(level)} {previous[0].title}'",
                    line,
                )
            )
            continue
        if rule.position == "first" and index != 0:
            problems.append(
                Problem("section-order", f"{name} must be the first section of {where}", line)
            )
        elif rule.position == "next" and previous is not None and index != previous[1] + 1:
            problems.append(
                Problem(
                    "section-order",
                    f"{name} must directly follow '{marks(level)} {previous[0].title}'",
                    line,
                )
            )
        elif rule.position == "last" and index != len(headings) - 1:
            problems.append(
                Problem("section-order", f"{name} must be the last section of {where}", line)
            )
        previous = (rule, index)
    return problems


def too_deep(top: Heading, deepest: int = 4) -> list[Heading]:
    """Headings below ``####``, in document order."""
    found: list[Heading] = []
    for child in top.children:
        if child.level > deepest:
            found.append(child)
        found += too_deep(child, deepest)
    return found


def marks(level: int) -> str:
    return "#" * level
