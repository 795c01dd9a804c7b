"""Remove everything from a diagram that could run code or load something.

What goes: ``<script>``, event-handler attributes, ``javascript:`` URLs,
``<foreignObject>`` and any element outside the SVG namespace, every
reference that does not point inside the file (``href``/``src``,
``url(...)``, ``@import``). Each removal is a located problem.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import css
from .model import SVG_NS, Problem, SvgDocument, local

ANIMATIONS = {"animate", "animateMotion", "animateTransform", "set"}
FILTERS = {
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
}
SVG_ELEMENTS = (
    ANIMATIONS
    | FILTERS
    | {
        "a",
        "circle",
        "clipPath",
        "defs",
        "desc",
        "ellipse",
        "filter",
        "g",
        "image",
        "line",
        "linearGradient",
        "marker",
        "mask",
        "metadata",
        "mpath",
        "path",
        "pattern",
        "polygon",
        "polyline",
        "radialGradient",
        "rect",
        "stop",
        "style",
        "svg",
        "switch",
        "symbol",
        "text",
        "textPath",
        "title",
        "tspan",
        "use",
        "view",
    }
)
SCRIPT_URL = re.compile(r"^\s*(java|vb)script\s*:", re.I)


def sanitize(document: SvgDocument) -> list[Problem]:
    """Clean ``document`` in place; return what was removed, by line."""
    problems: list[Problem] = []
    stack = [document.root]
    while stack:
        element = stack.pop()
        line = document.line(element)
        problems += clean_attributes(element, line)
        if local(element.tag) == "style" and element.text:
            element.text = clean_sheet(element.text, line, problems)
        for child in list(element):
            problem = unsafe_element(child, document.line(child))
            if problem:
                element.remove(child)
                problems.append(problem)
            else:
                stack.append(child)
    document.css = [(clean_sheet(text, line, problems), line) for text, line in document.css]
    return sorted(problems, key=lambda p: p.line)


def unsafe_element(element: ET.Element, line: int) -> Problem | None:
    """Why ``element`` must go, if it must.

    Only SVG's own elements stay: inline in an HTML page, an element such as
    ``<meta>`` or ``<img>`` would break out of the SVG into the page.
    """
    name = local(element.tag)
    if name.lower() == "script":
        return Problem("script", f"<{name}> removed: diagrams cannot run code", line)
    if name.lower() == "foreignobject":
        return Problem("foreign-object", f"<{name}> removed: it does not survive PDF or EPUB", line)
    if not element.tag.startswith(f"{{{SVG_NS}}}") or name not in SVG_ELEMENTS:
        return Problem("foreign-object", f"<{name}> is not an SVG element: removed", line)
    target = (element.get("attributeName") or "").lower()
    if name in ANIMATIONS and (target.startswith("on") or target.endswith("href")):
        return Problem("script", f"<{name}> of {target}= removed: diagrams cannot run code", line)
    return None


def clean_attributes(element: ET.Element, line: int) -> list[Problem]:
    problems = []
    for attribute, value in list(element.attrib.items()):
        name = local(attribute)
        if name.lower().startswith("on"):
            del element.attrib[attribute]
            problems.append(
                Problem("script", f"event handler {name}= removed: diagrams cannot run code", line)
            )
        elif SCRIPT_URL.match(value) or "javascript:" in value.lower().replace(" ", ""):
            del element.attrib[attribute]
            problems.append(Problem("script", f"javascript: URL in {name}= removed", line))
        elif name in ("href", "src") and not value.strip().startswith("#"):
            del element.attrib[attribute]
            problems.append(
                Problem("external", f"external reference {name}={value!r} removed", line)
            )
        elif css.external_urls(value):
            element.set(attribute, css.without_external(value))
            for target in css.external_urls(value):
                problems.append(
                    Problem("external", f"external reference {target!r} in {name}= removed", line)
                )
    return problems


def clean_sheet(text: str, line: int, problems: list[Problem]) -> str:
    """A style sheet without imports or external URLs; removals are reported."""
    found = css.external_urls(text)
    for target in found:
        problems.append(
            Problem("external", f"external reference {target!r} in a style sheet removed", line)
        )
    return css.without_external(text) if found else text
