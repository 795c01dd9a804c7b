"""Just enough CSS for diagrams: rules for the lints, scoping for inline output.

Selectors are matched on their last compound (``text.label``), which is
what the lints need to find a diagram's fonts and sizes. Every pattern runs
in linear time on hostile input: a match attempt never scans past the next
brace, parenthesis or quote that would end it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

from .model import local

COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)  # an unclosed comment runs to the end, as in CSS
BLOCK_OPEN = re.compile(r"(^|(?<=[{};]))([^{};]+)\{")
RULE = re.compile(r"(?:^|(?<=[{}]))([^{}]+)\{([^{}]*)\}")
COMPOUND = re.compile(r"^([A-Za-z*][\w-]*)?((?:[.#][\w-]+)*)")
URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^'"()\s]*))\s*\)""", re.I)
IMPORT = re.compile(r"@import\b[^;@{}]*;?", re.I)


class Rule(NamedTuple):
    selectors: tuple[str, ...]
    declarations: dict[str, str]


def declarations(text: str) -> dict[str, str]:
    """``fill: red; font-size: 12px`` as a dict with lower-case names."""
    result = {}
    for declaration in text.split(";"):
        name, colon, value = declaration.partition(":")
        if colon and name.strip():
            result[name.strip().lower()] = value.strip()
    return result


def rules(css: str) -> list[Rule]:
    """The style rules of a sheet in order; at-rule conditions are ignored."""
    css = COMMENT.sub("", css)
    found = []
    for match in RULE.finditer(css):
        head = match.group(1).rsplit(";", 1)[-1].strip()
        if head.startswith("@"):
            continue
        selectors = tuple(s.strip() for s in head.split(",") if s.strip())
        found.append(Rule(selectors, declarations(match.group(2))))
    return found


def matches(selector: str, element: ET.Element) -> bool:
    """Whether the last compound of ``selector`` matches ``element``."""
    compound = re.split(r"[\s>+~]+", selector.strip())[-1]  # COMPOUND stops at a ":" pseudo-class
    found = COMPOUND.match(compound)
    if not found or not found.group(0):
        return False
    tag, qualifiers = found.group(1), found.group(2)
    if tag not in (None, "*") and tag != local(element.tag):
        return False
    classes = set((element.get("class") or "").split())
    for qualifier in re.findall(r"[.#][\w-]+", qualifiers):
        if qualifier[0] == "." and qualifier[1:] not in classes:
            return False
        if qualifier[0] == "#" and qualifier[1:] != element.get("id"):
            return False
    return True


def scope(css: str, root_id: str, ids: dict[str, str]) -> str:
    """Prefix every selector with the diagram's root id and rename its ids.

    An inline SVG's style sheet applies to the whole page; scoped, it applies
    to its own diagram only.
    """
    css = COMMENT.sub("", css)

    def scoped(selector: str) -> str:
        selector = re.sub(
            r"#([\w-]+)", lambda m: "#" + ids.get(m.group(1), m.group(1)), selector.strip()
        )
        if re.match(r"svg(?![\w-])", selector):
            return f"svg#{root_id}{selector[3:]}"
        return f"#{root_id} {selector}"

    def block(match: re.Match[str]) -> str:
        head = match.group(2)
        if head.strip().startswith("@") or re.fullmatch(r"\s*(from|to|[\d.]+%)\s*", head):
            return match.group(0)
        return match.group(1) + "\n" + ", ".join(scoped(s) for s in head.split(",")) + " {"

    return rename_urls(BLOCK_OPEN.sub(block, css), ids)


def target(match: re.Match[str]) -> str:
    """What a ``url(...)`` points at, quoted or not."""
    return next(group for group in match.groups() if group is not None)  # the bare form may be ""


def rename_urls(text: str, ids: dict[str, str]) -> str:
    """``url(#arrow)`` -> ``url(#<prefix>arrow)`` for renamed ids."""
    return URL.sub(
        lambda m: (
            f"url(#{ids[target(m)[1:]]})"
            if target(m)[1:] in ids and target(m).startswith("#")
            else m.group(0)
        ),
        text,
    )


def external_urls(text: str) -> list[str]:
    """The ``url(...)`` targets and ``@import`` rules that point outside the file."""
    text = COMMENT.sub("", text)
    imports = [m.group(0).strip() for m in IMPORT.finditer(text)]
    return imports + [
        target(m) for m in URL.finditer(IMPORT.sub("", text)) if not target(m).strip().startswith("#")
    ]


def without_external(text: str) -> str:
    """The sheet with every ``@import`` and external ``url(...)`` removed."""
    text = IMPORT.sub("", COMMENT.sub("", text))
    return URL.sub(lambda m: m.group(0) if target(m).strip().startswith("#") else "none", text)
