"""The predecessor's diagram lints, as located problems.

Text boxes are estimated (0.55 em per character, 0.8 em above the baseline,
0.2 em below); text under a ``transform`` is not estimated. The title is the
first ``<text>`` when it is 16px or larger; everything drawn after it must
start at least ``TITLE_GAP`` px below its baseline (a full-viewBox background
rect does not count).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

from . import css
from .model import Problem, SvgDocument, local

MIN_TEXT_SIZE = 10.0
TITLE_GAP = 16.0
DEFAULT_SIZE = 16.0
CHAR_WIDTH = 0.55
SAFE_FONTS = {
    "dejavu sans",
    "dejavu serif",
    "dejavu sans mono",
    "verdana",
    "arial",
    "helvetica",
    "liberation sans",
    "liberation serif",
    "liberation mono",
    "times new roman",
    "times",
    "courier new",
    "courier",
    "sans-serif",
    "serif",
    "monospace",
}
HIDDEN = {
    "defs",
    "title",
    "desc",
    "metadata",
    "marker",
    "symbol",
    "clipPath",
    "mask",
    "pattern",
    "style",
    "linearGradient",
    "radialGradient",
    "filter",
}
DRAWN = {"rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "image", "use"}
SUBSTITUTED = "it will be substituted in the PDF"
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?", re.I)


class Box(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, tolerance: float = 1.0) -> bool:
        return (
            min(self.right, other.right) - max(self.left, other.left) > tolerance
            and min(self.bottom, other.bottom) - max(self.top, other.top) > tolerance
        )


class Styles:
    """Effective presentation properties of elements: own, style sheet, inherited."""

    def __init__(self, document: SvgDocument) -> None:
        self.parents = document.parents()
        self.rules = [rule for text, _line in document.stylesheets() for rule in css.rules(text)]

    def own(self, element: ET.Element, name: str) -> str | None:
        declared = css.declarations(element.get("style") or "").get(name)
        if declared:
            return declared
        for rule in reversed(self.rules):
            if name in rule.declarations and any(css.matches(s, element) for s in rule.selectors):
                return rule.declarations[name]
        return element.get(name)

    def get(self, element: ET.Element | None, name: str) -> str | None:
        while element is not None:
            value = self.own(element, name)
            if value:
                return value
            element = self.parents.get(element)
        return None

    def font_size(self, element: ET.Element) -> float:
        return length(self.get(element, "font-size")) or DEFAULT_SIZE

    def hidden_or_transformed(self, element: ET.Element) -> bool:
        while element is not None:
            if local(element.tag) in HIDDEN or element.get("transform"):
                return True
            element = self.parents.get(element)
        return False


def lint(document: SvgDocument) -> list[Problem]:
    """Every lint problem of ``document``, by line."""
    styles = Styles(document)
    problems = [
        *viewbox(document),
        *webfonts(document),
        *fonts(document, styles),
        *text_sizes(document, styles),
    ]
    view = view_box(document.root)
    boxes = text_boxes(document, styles)
    problems += title_gap(document, styles, boxes, view)
    problems += outside(document, boxes, view) + overlaps(document, boxes)
    return sorted(problems, key=lambda p: p.line)


def viewbox(document: SvgDocument) -> list[Problem]:
    if view_box(document.root) is None:
        return [
            Problem(
                "viewbox",
                "the <svg> has no viewBox: it cannot scale with the page",
                document.line(document.root),
            )
        ]
    return []


def webfonts(document: SvgDocument) -> list[Problem]:
    problems = []
    for text, line in document.stylesheets():
        if re.search(r"@font-face|@import", text, re.I):
            problems.append(
                Problem(
                    "webfont", "web fonts (@font-face, @import) do not survive PDF conversion", line
                )
            )
    for element in document.root.iter():
        for family in families(
            css.declarations(element.get("style") or "").get("font-family")
            or element.get("font-family")
        ):
            problems.append(
                Problem(
                    "webfont",
                    f"font {family!r} is not one of the book's fonts; {SUBSTITUTED}",
                    document.line(element),
                )
            )
    for text, line in document.stylesheets():
        for rule in css.rules(text):
            for family in families(rule.declarations.get("font-family")):
                problems.append(
                    Problem(
                        "webfont",
                        f"font {family!r} is not one of the book's fonts; {SUBSTITUTED}",
                        line,
                    )
                )
    return problems


def families(value: str | None) -> list[str]:
    """The first font family of a font-family value, when it is not a safe one."""
    if not value:
        return []
    first = value.split(",")[0].strip().strip("'\"")
    return [] if first.lower() in SAFE_FONTS else [first]


def texts(document: SvgDocument, styles: Styles) -> list[ET.Element]:
    return [
        el for el in document.root.iter() if local(el.tag) == "text" and not in_hidden(el, styles)
    ]


def in_hidden(element: ET.Element, styles: Styles) -> bool:
    while element is not None:
        if local(element.tag) in HIDDEN:
            return True
        element = styles.parents.get(element)
    return False


def fonts(document: SvgDocument, styles: Styles) -> list[Problem]:
    return [
        Problem("font", "<text> has no font-family (set one on the <svg> root)", document.line(el))
        for el in texts(document, styles)
        if not styles.get(el, "font-family")
    ]


def text_sizes(document: SvgDocument, styles: Styles) -> list[Problem]:
    problems = []
    for element in texts(document, styles):
        for part in element.iter():  # the <text> and every <tspan> (or <a>, <textPath>) in it
            size = styles.font_size(part)
            if size < MIN_TEXT_SIZE:
                problems.append(
                    Problem(
                        "text-size",
                        f"text is {size:g}px; the minimum is {MIN_TEXT_SIZE:g}px",
                        document.line(part),
                    )
                )
                break
    return problems


def text_boxes(document: SvgDocument, styles: Styles) -> list[tuple[ET.Element, Box]]:
    """Estimated boxes of every positioned line of text, in document order."""
    boxes = []
    for element in texts(document, styles):
        if styles.hidden_or_transformed(element):
            continue
        x, y = coordinate(element.get("x")), coordinate(element.get("y"))
        positioned = [
            t
            for t in element
            if local(t.tag) == "tspan" and (t.get("x") or t.get("y") or t.get("dy"))
        ]
        lines = [
            (element, x, y, "".join(element.itertext()) if not positioned else (element.text or ""))
        ]
        for tspan in positioned:
            x = coordinate(tspan.get("x"), x)
            y = coordinate(tspan.get("y"), y) + coordinate(tspan.get("dy"))
            lines.append((tspan, x, y, "".join(tspan.itertext())))
        for part, px, py, content in lines:
            if content.strip():
                boxes.append((part, estimate(part, px, py, content.strip(), styles)))
    return boxes


def estimate(element: ET.Element, x: float, y: float, content: str, styles: Styles) -> Box:
    size = styles.font_size(element)
    width = len(content) * size * CHAR_WIDTH
    anchor = styles.get(element, "text-anchor") or "start"
    left = {"middle": x - width / 2, "end": x - width}.get(anchor, x)
    baseline = styles.get(element, "dominant-baseline") or ""
    top = y - size / 2 if baseline in ("middle", "central") else y - 0.8 * size
    return Box(left, top, left + width, top + size)


def title_gap(
    document: SvgDocument, styles: Styles, boxes: list[tuple[ET.Element, Box]], view: Box | None
) -> list[Problem]:
    if not boxes or styles.font_size(boxes[0][0]) < DEFAULT_SIZE:
        return []
    title, title_box = boxes[0]
    baseline = title_box.bottom - 0.2 * styles.font_size(title)
    seen_title = False
    for element in document.root.iter():
        if element is title:
            seen_title = True
            continue
        if (
            not seen_title
            or local(element.tag) not in DRAWN
            or styles.hidden_or_transformed(element)
        ):
            continue
        top = element_top(element, boxes, view)
        if top is not None and top < baseline + TITLE_GAP:
            gap = top - baseline
            return [
                Problem(
                    "title-gap",
                    f"content starts {gap:g}px below the title's baseline (y={baseline:g}); "
                    f"leave at least {TITLE_GAP:g}px",
                    document.line(element),
                )
            ]
    return []


def element_top(
    element: ET.Element, boxes: list[tuple[ET.Element, Box]], view: Box | None
) -> float | None:
    """The top edge of a drawn element, or None when it is not estimated."""
    name = local(element.tag)
    get = element.get
    if name == "text":
        tops = [box.top for el, box in boxes if el is element or el in list(element)]
        return min(tops) if tops else None
    if name == "rect" and view and background(element, view):
        return None
    if name in ("rect", "image", "use"):
        return coordinate(get("y"))
    if name == "circle":
        return coordinate(get("cy")) - coordinate(get("r"))
    if name == "ellipse":
        return coordinate(get("cy")) - coordinate(get("ry"))
    if name == "line":
        return min(coordinate(get("y1")), coordinate(get("y2")))
    points = [float(n) for n in NUMBER.findall(get("points") or "")]
    return min(points[1::2]) if points[1::2] else None


def background(rect: ET.Element, view: Box) -> bool:
    x, y = coordinate(rect.get("x")), coordinate(rect.get("y"))
    width, height = length(rect.get("width")) or 0, length(rect.get("height")) or 0
    if (rect.get("width") or "").strip() == "100%":
        width = view.right - view.left
    if (rect.get("height") or "").strip() == "100%":
        height = view.bottom - view.top
    return (
        x <= view.left + 1
        and y <= view.top + 1
        and x + width >= view.right - 1
        and y + height >= view.bottom - 1
    )


def outside(
    document: SvgDocument, boxes: list[tuple[ET.Element, Box]], view: Box | None
) -> list[Problem]:
    if view is None:
        return []
    return [
        Problem(
            "text-outside",
            f"text {label(el)!r} runs outside the viewBox (estimated)",
            document.line(el),
        )
        for el, box in boxes
        if box.left < view.left - 1
        or box.right > view.right + 1
        or box.top < view.top - 1
        or box.bottom > view.bottom + 1
    ]


def overlaps(document: SvgDocument, boxes: list[tuple[ET.Element, Box]]) -> list[Problem]:
    problems = []
    for index, (element, box) in enumerate(boxes):
        for other, other_box in boxes[:index]:
            if box.overlaps(other_box):
                problems.append(
                    Problem(
                        "text-overlap",
                        f"text {label(element)!r} overlaps {label(other)!r} "
                        f"(line {document.line(other)}, estimated)",
                        document.line(element),
                    )
                )
                break
    return problems


def label(element: ET.Element) -> str:
    text = " ".join("".join(element.itertext()).split())
    return text if len(text) <= 40 else text[:37] + "..."


def view_box(root: ET.Element) -> Box | None:
    numbers = [float(n) for n in NUMBER.findall(root.get("viewBox") or "")]
    if len(numbers) != 4:
        return None
    x, y, width, height = numbers
    return Box(x, y, x + width, y + height)


def coordinate(value: str | None, default: float = 0.0) -> float:
    """The first number of an x/y attribute (``"10 20"`` -> 10)."""
    found = NUMBER.search(value or "")
    return float(found.group(0)) if found else default


def length(value: str | None) -> float | None:
    """A CSS length in px (``12``, ``12px``, ``9pt``); None for relative units."""
    found = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+))\s*(px|pt)?\s*", value or "")
    if not found:
        return None
    number = float(found.group(1))
    return number * 4 / 3 if found.group(2) == "pt" else number


def print_sizes(document: SvgDocument, print_width: float, minimum: float) -> list[Problem]:
    """The smallest text of a diagram printed at ``print_width`` pt, if under ``minimum`` pt.

    A diagram is printed at the full text width, so one viewBox unit (px)
    becomes ``print_width / viewBox width`` pt. One problem per diagram, at
    its smallest text.
    """
    view = view_box(document.root)
    if view is None or view.right <= view.left or minimum <= 0:  # 0 switches the lint off
        return []
    styles = Styles(document)
    scale = print_width / (view.right - view.left)
    smallest: tuple[float, ET.Element] | None = None
    for element in texts(document, styles):
        for part in element.iter():  # the <text> and every <tspan> (or <a>, <textPath>) in it
            size = styles.font_size(part)
            if smallest is None or size < smallest[0]:
                smallest = (size, part)
    if smallest is None or smallest[0] * scale >= minimum:
        return []
    size, part = smallest
    needed = minimum / scale
    return [
        Problem(
            "print-size",
            f"text of {size:g}px prints at {size * scale:.1f} pt at the print text width "
            f"({print_width:g} pt for a viewBox {view.right - view.left:g} wide); the minimum is "
            f"{minimum:g} pt: use {needed:.1f}px or more, or a narrower viewBox",
            document.line(part),
        )
    ]
