"""Read a diagram source (``.svg``, or ``.html`` wrapping one ``<svg>``) safely.

The XML parser refuses DTDs, entity declarations and external references
(defusedxml), so billion-laughs and XXE inputs end as one problem at once;
file size and nesting depth are capped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.entities import name2codepoint
from pathlib import Path
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from .model import SVG_NS, XLINK_NS, Problem, SvgDocument, local

MAX_BYTES = 1_000_000
MAX_DEPTH = 64

SVG_ELEMENT = re.compile(r"<svg\b.*?</svg\s*>", re.S | re.I)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
FONT_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?[^\"'>]*font[^>]*>", re.I)
NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
DECLARATION = re.compile(r"<!(DOCTYPE|ENTITY)\b", re.I)


def load_source(path: Path) -> tuple[SvgDocument | None, list[Problem]]:
    """Parse ``path`` into an :class:`SvgDocument`, with every problem found on the way."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem("unreadable", f"cannot read {path.name}: {err.strerror}", 1)]
    if len(raw) > MAX_BYTES:
        return None, [
            Problem("unreadable", f"{path.name} has {len(raw)} bytes; the limit is {MAX_BYTES}", 1)
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [
            Problem(
                "unreadable",
                f"{path.name} is not UTF-8: {err.reason}",
                line_at(raw.decode("utf-8", "replace"), err.start),
            )
        ]
    if path.suffix.lower() == ".html":
        return from_html(text)
    return parse_svg(text)


def from_html(text: str) -> tuple[SvgDocument | None, list[Problem]]:
    """The one ``<svg>`` of an HTML file, with the file's ``<style>`` blocks."""
    found = list(SVG_ELEMENT.finditer(text))
    if not found:
        return None, [Problem("no-svg", "no <svg> element found", 1)]
    problems = [
        Problem(
            "several-svg",
            "only the first <svg> of an HTML file is used; put one diagram per file",
            line_at(text, extra.start()),
        )
        for extra in found[1:]
    ]
    svg = found[0]
    outside = text[: svg.start()] + " " * (svg.end() - svg.start()) + text[svg.end() :]
    css = [(m.group(1), line_at(text, m.start())) for m in STYLE_ELEMENT.finditer(outside)]
    problems += [
        Problem(
            "webfont",
            "a linked font does not survive PDF conversion; use the book's fonts",
            line_at(text, m.start()),
        )
        for m in FONT_LINK.finditer(outside)
    ]
    document, more = parse_svg(as_xml(svg.group(0)), first_line=line_at(text, svg.start()))
    if document is not None:
        document.css = css
    return document, problems + more


def as_xml(svg: str) -> str:
    """SVG written inside HTML, made well-formed XML without moving any line.

    HTML lets ``<svg>`` omit its namespace declarations and use HTML's named
    entities (``&nbsp;``); XML needs the declarations and numeric references.
    """
    declarations = "".join(
        f' {name}="{uri}"'
        for name, uri in (("xmlns", SVG_NS), ("xmlns:xlink", XLINK_NS))
        if f"{name}=" not in svg.split(">", 1)[0]
    )
    svg = svg[:4] + declarations + svg[4:]
    return NAMED_ENTITY.sub(numeric_reference, svg)


def numeric_reference(match: re.Match[str]) -> str:
    name = match.group(1)
    codepoint = None if name in XML_ENTITIES else name2codepoint.get(name)
    return f"&#{codepoint};" if codepoint else match.group(0)


def parse_svg(text: str, first_line: int = 1) -> tuple[SvgDocument | None, list[Problem]]:
    """Parse SVG text whose first line is line ``first_line`` of its file."""
    offset = first_line - 1
    target = _LineTreeBuilder(offset)
    parser = DefusedXMLParser(
        target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    target.expat = parser.parser
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException:
        declaration = DECLARATION.search(text)
        return None, [refused(offset + (line_at(text, declaration.start()) if declaration else 1))]
    except ET.ParseError as err:
        return None, [
            Problem(
                "unreadable",
                f"not well-formed XML: {ErrorString(err.code)}",
                offset + err.position[0],
            )
        ]
    if depth(root) > MAX_DEPTH:
        return None, [
            Problem("unreadable", f"elements are nested more than {MAX_DEPTH} deep", first_line)
        ]
    if local(root.tag) != "svg":
        return None, [
            Problem("no-svg", f"the root element is <{local(root.tag)}>, not <svg>", first_line)
        ]
    qualify(root)
    return SvgDocument(root, target.lines), []


def refused(line: int) -> Problem:
    return Problem(
        "unsafe-xml",
        "DTD and entity declarations are refused "
        "(they can expand without bound or read local files); "
        "remove the <!DOCTYPE>",
        line,
    )


class _LineTreeBuilder(ET.TreeBuilder):
    """A tree builder that remembers the source line of every element."""

    def __init__(self, offset: int) -> None:
        super().__init__()
        self.offset = offset
        self.lines: dict[ET.Element, int] = {}
        self.expat = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        self.lines[element] = self.offset + self.expat.CurrentLineNumber
        return element


def depth(root: ET.Element) -> int:
    """The nesting depth of the tree, without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, level = stack.pop()
        deepest = max(deepest, level)
        if level <= MAX_DEPTH:
            stack.extend((child, level + 1) for child in element)
    return deepest


def qualify(root: ET.Element) -> None:
    """Put elements written without a namespace (SVG inside HTML) in the SVG namespace."""
    for element in root.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = f"{{{SVG_NS}}}{element.tag}"


def line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1
