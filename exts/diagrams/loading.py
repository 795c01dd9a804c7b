"""Read a diagram source (``.svg``, or ``.html`` wrapping one ``<svg>``) safely.

The XML parser refuses DTDs, entity declarations and external references
(defusedxml), so billion-laughs and XXE inputs end as one problem at once;
file size, nesting depth and element count are capped, so the lints (which
compare every pair of labels) finish in bounded time.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.entities import name2codepoint
from pathlib import Path
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from .model import SVG_NS, XLINK_NS, Problem, SvgDocument, local

MAX_BYTES = 1_000_000
MAX_DEPTH = 64
MAX_ELEMENTS = 5_000  # the book's largest hand-drawn diagram has about 400

HREF = re.compile(r"""\bhref\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)""", re.I)
NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
DECLARATION = re.compile(r"<!(DOCTYPE|ENTITY)\b", re.I)
STYLESHEET_PI = re.compile(r"<\?xml-stylesheet\b", re.I)
WRAPPER_LOADERS = ("script", "iframe", "object", "embed", "img")


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
    found = list(elements(text, "svg"))
    if not found:
        return None, [Problem("no-svg", "no <svg> element found", 1)]
    line = LineIndex(text)
    problems = []
    if len(found) > 1:
        message = "only the first <svg> of an HTML file is used; put one diagram per file"
        problems.append(Problem("several-svg", message, line(found[1][0])))
    start, _content, end = found[0]
    outside = text[:start] + " " * (end - start) + text[end:]
    css = [(outside[a:b], line(at)) for at, (a, b), _end in elements(outside, "style")]
    problems += wrapper_problems(outside, line)
    document, more = parse_svg(as_xml(text[start:end]), first_line=line_at(text, start))
    if document is not None:
        document.css = css
    return document, problems + more


def wrapper_problems(outside: str, line: LineIndex) -> list[Problem]:
    """What the HTML wrapper holds besides the diagram that would run or load something.

    Only the ``<svg>`` and the ``<style>`` blocks are used; these are dropped,
    but an author who wrote them should know.
    """
    problems = []
    for tag_start, tag_end in opening_tags(outside, "link"):
        if any("font" in href.group(1).lower() for href in HREF.finditer(outside, tag_start, tag_end)):
            message = "a linked font does not survive PDF conversion; use the book's fonts"
            problems.append(Problem("webfont", message, line(tag_start)))
        else:
            message = "<link> in the HTML wrapper dropped: a diagram loads nothing from outside"
            problems.append(Problem("external", message, line(tag_start)))
    for name in WRAPPER_LOADERS:
        for tag_start, _end in opening_tags(outside, name):
            subtype = "script" if name == "script" else "external"
            message = f"<{name}> in the HTML wrapper dropped: only the <svg> and <style> are used"
            problems.append(Problem(subtype, message, line(tag_start)))
    for found in STYLESHEET_PI.finditer(outside):
        problems.append(stylesheet_pi(line(found.start())))
    return sorted(problems, key=lambda problem: problem.line)


def stylesheet_pi(line: int) -> Problem:
    return Problem(
        "external", "<?xml-stylesheet?> dropped: a diagram loads no style sheet from outside", line
    )


def opening_tags(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Start and end of every ``<name ...>`` tag, in one pass over ``text``."""
    pattern = re.compile(rf"<{name}\b", re.I)
    position = 0
    while found := pattern.search(text, position):
        end = text.find(">", found.end())
        if end < 0:
            return
        yield found.start(), end + 1
        position = end + 1


def elements(text: str, name: str) -> Iterator[tuple[int, tuple[int, int], int]]:
    """Start, content span and end of every ``<name>...</name>`` element, in one pass.

    Regular expressions such as ``<svg.*?</svg>`` scan to the end of the text
    once per unclosed ``<svg``: quadratic time on hostile input.
    """
    closing = re.compile(rf"</{name}\s*>", re.I)
    position = 0
    for start, end in opening_tags(text, name):
        if start < position:
            continue
        close = closing.search(text, end)
        if close is None:
            return
        yield start, (end, close.start()), close.end()
        position = close.end()


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
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        return None, [
            Problem("unreadable", f"more than {MAX_ELEMENTS} elements: not a hand-drawn diagram", first_line)
        ]
    if local(root.tag) != "svg":
        return None, [
            Problem("no-svg", f"the root element is <{local(root.tag)}>, not <svg>", first_line)
        ]
    qualify(root)
    return SvgDocument(root, target.lines), [
        stylesheet_pi(line) if name.lower() == "xml-stylesheet" else
        Problem("external", f"processing instruction <?{name}?> dropped", line)
        for name, line in target.instructions
    ]


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
        self.instructions: list[tuple[str, int]] = []
        self.expat = None

    def pi(self, target: str, text: str | None = None) -> None:
        """Processing instructions are dropped; each is remembered, to be reported."""
        self.instructions.append((target, self.offset + self.expat.CurrentLineNumber))

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


class LineIndex:
    """Line numbers of many offsets in one text, each found by bisection."""

    def __init__(self, text: str) -> None:
        self.newlines = [index for index, char in enumerate(text) if char == "\n"]

    def __call__(self, index: int) -> int:
        return bisect.bisect_left(self.newlines, index) + 1
