"""Turn a clean diagram into the markup each format gets.

Ids are prefixed per diagram and style sheets scoped to the diagram's root,
so two inline diagrams on one page cannot restyle or reference each other.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

from . import css
from .model import SVG_NS, XLINK_NS, SvgDocument, local

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def isolate(document: SvgDocument) -> None:
    """Prefix every id, scope every style sheet, move the wrapper's styles inside."""
    root = document.root
    prefix = "d" + hashlib.sha1(ET.tostring(root)).hexdigest()[:8] + "-"
    ids = {el.get("id"): prefix + el.get("id") for el in root.iter() if el.get("id")}
    root_id = ids.get(root.get("id"), prefix + "svg")
    for element in root.iter():
        if element.get("id") in ids:
            element.set("id", ids[element.get("id")])
        for attribute, value in element.attrib.items():
            if local(attribute) == "href" and value.startswith("#") and value[1:] in ids:
                element.set(attribute, "#" + ids[value[1:]])
            elif "url(" in value:
                element.set(attribute, css.rename_urls(value, ids))
        if local(element.tag) == "style" and element.text:
            element.text = css.scope(element.text, root_id, ids)
    root.set("id", root_id)
    for text, _line in reversed(document.css):
        style = ET.Element(f"{{{SVG_NS}}}style")
        style.text = css.scope(text, root_id, ids)
        root.insert(0, style)
    document.css = []
    if root.get("viewBox") is None and numeric(root.get("width")) and numeric(root.get("height")):
        root.set("viewBox", f"0 0 {numeric(root.get('width'))} {numeric(root.get('height'))}")


def standalone(document: SvgDocument) -> str:
    """The SVG as a file of its own (EPUB image, PDF conversion)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(document.root, encoding="unicode")
        + "\n"
    )


def inline(document: SvgDocument, alt: str) -> str:
    """The SVG for an HTML page: scales with its container, labelled for screen readers."""
    root = document.root
    attributes = dict(root.attrib)
    for size in ("width", "height"):
        root.attrib.pop(size, None)
    root.set("role", "img")
    if alt:
        root.set("aria-label", alt)
    markup = ET.tostring(root, encoding="unicode")
    root.attrib.clear()
    root.attrib.update(attributes)
    return markup


def digest(markup: str) -> str:
    return hashlib.sha256(markup.encode("utf-8")).hexdigest()[:16]


def numeric(value: str | None) -> str | None:
    """``"800"`` or ``"800px"`` -> ``"800"``; anything else -> None."""
    if value is None:
        return None
    number = value.strip().removesuffix("px")
    try:
        float(number)
    except ValueError:
        return None
    return number
