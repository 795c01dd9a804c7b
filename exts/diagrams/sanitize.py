"""Remove everything from a diagram that could run code or load something.

An allow-list (allowlist.py): only SVG's own elements and attributes stay;
CSS, in ``<style>`` and in ``style=``, keeps only allowed properties and
values (cssfilter.py, parsed by tinycss2). ``href`` points inside the file;
``<desc>``, ``<title>`` and ``<style>`` hold text only; ``<set>``/``<animate>``
may not target ``href``, ``style`` or an event handler. Each removal is one
located problem.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import cssfilter
from .allowlist import (
    ANIMATABLE,
    ANIMATIONS,
    ARIA_PREFIX,
    ATTRIBUTES,
    SVG_ELEMENTS,
    TEXT_ONLY,
)
from .model import SVG_NS, XLINK_NS, Problem, SvgDocument, local

__all__ = ["SVG_ELEMENTS", "sanitize"]

XML_NS = "http://www.w3.org/XML/1998/namespace"
NAMESPACES = {None, XLINK_NS, XML_NS}
LOADING_ATTRIBUTES = frozenset(
    {"src", "srcset", "ping", "action", "formaction", "poster", "background", "data", "lowsrc"}
)
IGNORED = re.compile(r"[\x00-\x20\x7f]+")  # browsers skip these inside a URL scheme
SCRIPT_SCHEME = re.compile(r"(java|vb|live)script:", re.I)


def sanitize(document: SvgDocument) -> list[Problem]:
    """Clean ``document`` in place; return what was removed, by line."""
    problems: list[Problem] = []
    stack = [document.root]
    while stack:
        element = stack.pop()
        line = document.line(element)
        problems += clean_attributes(element, line)
        name = local(element.tag)
        if name in TEXT_ONLY:
            problems += text_only(element, document)
        if name == "style":
            element.text = clean_sheet(element.text or "", line, problems)
        for child in list(element):
            problem = unsafe_element(child, document.line(child))
            if problem:
                element.remove(child)
                problems.append(problem)
            else:
                stack.append(child)
    document.css = [(clean_sheet(text, line, problems), line) for text, line in document.css]
    return sorted(problems, key=lambda p: p.line)


def text_only(element: ET.Element, document: SvgDocument) -> list[Problem]:
    """Remove every child element of ``element``, keeping the text."""
    name, problems = local(element.tag), []
    text = element.text or ""
    for child in list(element):
        problems.append(
            Problem("text-only", f"<{local(child.tag)}> inside <{name}> removed: <{name}> holds "
                    "text only", document.line(child))
        )
        text += child.tail or ""
        element.remove(child)
    element.text = text or None
    return problems


def unsafe_element(element: ET.Element, line: int) -> Problem | None:
    """Why ``element`` must go, if it must.

    Only SVG's own elements stay: inline in an HTML page, an element such as
    ``<meta>`` or ``<img>`` would break out of the SVG into the page.
    """
    if not isinstance(element.tag, str):
        return None
    name = local(element.tag)
    if name.lower() == "script":
        return Problem("script", f"<{name}> removed: diagrams cannot run code", line)
    if name.lower() == "foreignobject":
        return Problem("foreign-object", f"<{name}> removed: it does not survive PDF or EPUB", line)
    if not element.tag.startswith(f"{{{SVG_NS}}}") or name not in SVG_ELEMENTS:
        return Problem("foreign-object", f"<{name}> is not an SVG element: removed", line)
    if name in ANIMATIONS and (written := element.get("attributeName")) is not None:
        target = IGNORED.sub("", written).lower().removeprefix("xlink:")
        if target.startswith("on") or "href" in target:
            return Problem("script", f"<{name}> of {target}= removed: diagrams cannot run code", line)
        if IGNORED.sub("", written) not in ANIMATABLE:
            return Problem(
                "attribute", f"<{name}> of {target}= removed: it may animate drawing attributes only",
                line,
            )
    return None


def clean_attributes(element: ET.Element, line: int) -> list[Problem]:
    """Remove (or, for ``style=``, filter) every attribute outside the allow-list."""
    problems = []
    for attribute, value in list(element.attrib.items()):
        problem = attribute_problem(attribute, value, line)
        if problem is not None:
            del element.attrib[attribute]
            problems.append(problem)
        elif local(attribute) == "style":
            cleaned, removals = cssfilter.clean_declarations(value)
            problems += [Problem(r.subtype, f"style=: {r.message}", line) for r in removals]
            if cleaned:
                element.set(attribute, cleaned)
            else:
                del element.attrib[attribute]
    return problems


def attribute_problem(attribute: str, value: str, line: int) -> Problem | None:
    """Why an attribute must go, if it must."""
    name = local(attribute)
    namespace = attribute[1:].split("}", 1)[0] if attribute.startswith("{") else None
    if name.lower().startswith("on"):
        return Problem("script", f"event handler {name}= removed: diagrams cannot run code", line)
    if SCRIPT_SCHEME.search(IGNORED.sub("", value)):
        return Problem("script", f"javascript: URL in {name}= removed", line)
    if name.lower() in LOADING_ATTRIBUTES:
        return Problem("external", f"{name}= removed: a diagram loads nothing from outside", line)
    if namespace not in NAMESPACES or not (name in ATTRIBUTES or name.startswith(ARIA_PREFIX)):
        return Problem("attribute", f"attribute {name}= is not allowed in a diagram: removed", line)
    if name == "href" and not value.strip().startswith("#"):
        return Problem("external", f"external reference {name}={value!r} removed", line)
    if name != "style" and (reason := cssfilter.attribute_problem(value)):
        return Problem("external", f"{name}= removed: {reason}", line)
    return None


def clean_sheet(text: str, line: int, problems: list[Problem]) -> str:
    """A style sheet filtered through the allow-list; removals are reported."""
    if not text.strip():
        return text
    cleaned, removals = cssfilter.clean_stylesheet(text)
    problems += [Problem(r.subtype, f"style sheet: {r.message}", line) for r in removals]
    return cleaned
