"""The diagram sanitizer: every known bypass is one located warning, and a property.

The property test builds random SVG documents from a grammar of elements,
attributes and CSS (with CSS escapes, quoted and unclosed ``url(``,
``image-set(``, ``@import``), sanitizes them, and checks the output with an
oracle written here: it decodes CSS escapes and inspects the serialized
markup on its own, without calling the sanitizer or its CSS filter.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import warning_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from exts.diagrams import output
from exts.diagrams.loading import parse_svg
from exts.diagrams.model import SVG_NS, XLINK_NS
from exts.diagrams.sanitize import sanitize

BYPASS = [
    "diagrams/bypass.svg:1: WARNING: <?xml-stylesheet?> dropped: a diagram loads no style sheet from outside"
    " [diagram.external]",
    "diagrams/bypass.svg:3: WARNING: style sheet: @import \"https://evil.example/escaped.css\" removed: it loads"
    " from outside the file [diagram.external]",
    "diagrams/bypass.svg:3: WARNING: style sheet: CSS property 'background' is not allowed: removed [diagram.css]",
    "diagrams/bypass.svg:4: WARNING: style sheet: fill: image-set(...) points outside the file: removed"
    " [diagram.external]",
    "diagrams/bypass.svg:5: WARNING: style sheet: fill: url(...) points outside the file: removed"
    " [diagram.external]",
    "diagrams/bypass.svg:6: WARNING: style sheet: stroke: url('https://evil.example/escaped-url.svg') points"
    " outside the file: removed [diagram.external]",
    "diagrams/bypass.svg:7: WARNING: style sheet: fill: url('https://evil.example/unclosed.svg') points outside"
    " the file: removed [diagram.external]",
    "diagrams/bypass.svg:8: WARNING: style=: fill: url('https://evil.example/attr.svg') points outside the file:"
    " removed [diagram.external]",
    "diagrams/bypass.svg:9: WARNING: srcset= removed: a diagram loads nothing from outside [diagram.external]",
    "diagrams/bypass.svg:10: WARNING: ping= removed: a diagram loads nothing from outside [diagram.external]",
    "diagrams/bypass.svg:11: WARNING: event handler ONCLICK= removed: diagrams cannot run code [diagram.script]",
    "diagrams/bypass.svg:12: WARNING: <svg> inside <desc> removed: <desc> holds text only [diagram.text-only]",
    "diagrams/bypass.svg:13: WARNING: <img> inside <title> removed: <title> holds text only [diagram.text-only]",
    "diagrams/bypass.svg:14: WARNING: <set> of href= removed: diagrams cannot run code [diagram.script]",
    "diagrams/bypass.svg:15: WARNING: <animate> of href= removed: diagrams cannot run code [diagram.script]",
    "diagrams/wrapper.html:4: WARNING: <link> in the HTML wrapper dropped: a diagram loads nothing from outside"
    " [diagram.external]",
    "diagrams/wrapper.html:5: WARNING: <script> in the HTML wrapper dropped: only the <svg> and <style> are used"
    " [diagram.script]",
]


@pytest.mark.sphinx("html", testroot="diagrams-bypass")
def test_every_known_bypass_is_one_located_warning_and_reaches_no_page(app: SphinxTestApp) -> None:
    app.build()
    assert [line.replace(f"{app.srcdir}/", "") for line in warning_lines(app)] == BYPASS
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    figures = "".join(str(f) for f in BeautifulSoup(html, "html.parser").select("figure.diagram"))
    for payload in ("evil.example", "payload", "srcset", "ping=", "<img", "<image href=\"http"):
        assert payload not in figures, payload
    assert "<desc>Described</desc>" in figures and "<title>Titled</title>" in figures


# -- the property ----------------------------------------------------------------------

EXTERNAL = ["https://evil.test/x", "//evil.test/x", "data:image/png;base64,AAAA", "file:///etc/passwd",
            "javascript:alert(1)", " java\tscript:x", "x.css", "#frag"]
CSS_URLS = st.sampled_from(EXTERNAL).flatmap(lambda target: st.sampled_from([
    f"url({target})", f'url("{target}")', f"url('{target}')", f"u\\72l({target})", f"U\\52 L({target})",
    f'url("{target}\\"x")', f"url({target}", f'url("{target}', f'image-set("{target}" 1x)',
    f"-webkit-image-set(url({target}) 1x)", f"\\75rl({target})",
]))
CSS_VALUES = st.one_of(
    CSS_URLS,
    st.sampled_from(["red", "#fff", "12px", "rgb(1, 2, 3)", "expression(alert(1))", "var(--x)",
                     "\\\\", "'DejaVu Sans'", "attr(href)", "none", "1e3"]),
)
PROPERTIES = st.sampled_from(["fill", "stroke", "background", "background-image", "font-family", "cursor",
                              "behavior", "-moz-binding", "list-style", "mask", "filter", "f\\69ll",
                              "content", "src"])
DECLARATIONS = st.lists(st.tuples(PROPERTIES, CSS_VALUES), max_size=3).map(
    lambda pairs: "; ".join(f"{name}: {value}" for name, value in pairs)
)
AT_RULES = st.sampled_from([
    '@import "https://evil.test/a.css";', "@import url(https://evil.test/a.css);", '@\\69mport "x.css";',
    '@IMPORT "x.css";', "@font-face { src: url(https://evil.test/f.woff); }", "@namespace url(x);",
    "@media all { rect { fill: url(https://evil.test/m); } }", "",
])
SELECTORS = st.sampled_from(["rect", ".a", "#b", "text.label", "body", "*", "svg > g", "a[href]", "@x"])
SHEETS = st.lists(
    st.one_of(AT_RULES, st.tuples(SELECTORS, DECLARATIONS).map(lambda r: f"{r[0]} {{ {r[1]} }}")),
    max_size=4,
).map(" ".join)
HREFS = st.sampled_from(EXTERNAL + ["#a", " #a", "&#9;javascript:x"])
ATTRIBUTE_NAMES = st.sampled_from([
    "href", f"{{{XLINK_NS}}}href", "src", "srcset", "ping", "onload", "ONCLICK", "onMouseOver", "fill",
    "style", "filter", "mask", "cursor", "x", "attributeName", "to", "values", "from", "by", "begin",
    "formaction", "action", "data", "background", "class", "id",
])
ANIMATED = st.sampled_from(["href", "href ", " xlink:href", "HREF", "onclick", "onbegin ", "style", "fill",
                            "x", "xlink:href\t"])
ATTRIBUTE_VALUES = st.one_of(HREFS, CSS_VALUES, DECLARATIONS, ANIMATED)
ELEMENTS = st.sampled_from([
    "g", "rect", "text", "a", "image", "use", "feImage", "pattern", "set", "animate", "animateMotion",
    "desc", "title", "style", "script", "foreignObject", "iframe", "img", "handler", "listener",
    "SCRIPT", "mpath", "textPath", "tspan",
])
NAMESPACES = st.sampled_from([SVG_NS, SVG_NS, SVG_NS, "http://www.w3.org/1999/xhtml"])


@st.composite
def hostile_svgs(draw: st.DrawFn) -> str:
    """An SVG document from the grammar: nested elements, attributes, sheets and styles."""
    root = ET.Element(f"{{{SVG_NS}}}svg", {"viewBox": "0 0 10 10"})
    elements = [root]
    for _ in range(draw(st.integers(1, 14))):
        parent = draw(st.sampled_from(elements))
        tag = draw(ELEMENTS)
        element = ET.SubElement(parent, f"{{{draw(NAMESPACES)}}}{tag}")
        for name in draw(st.lists(ATTRIBUTE_NAMES, max_size=4, unique=True)):
            value = draw(ANIMATED) if name == "attributeName" else draw(ATTRIBUTE_VALUES)
            element.set(name, value.replace("&#9;", "\t"))
        if tag == "style" or draw(st.booleans()):
            element.text = draw(SHEETS)
        elements.append(element)
    return ET.tostring(root, encoding="unicode")


def decode_css_escapes(text: str) -> str:
    """CSS escapes as a browser reads them (CSS Syntax 4.3.7), written for the oracle."""
    def one(match: re.Match[str]) -> str:
        hexa, other = match.group(1), match.group(2)
        if hexa:
            code = int(hexa, 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return other
    return re.sub(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n]?|([^\n0-9a-fA-F]))", one, text)


SCRIPT_ELEMENTS = {"script", "foreignobject", "iframe", "img", "handler", "listener", "object", "embed"}
URL_ATTRIBUTES = {"href", "src", "srcset", "ping", "action", "formaction", "data", "background"}
CSS_LOADERS = re.compile(r"url\s*\(|image-set\s*\(|image\s*\(|@import|expression\s*\(", re.I)
SCRIPT_PROPERTIES = re.compile(r"(?:^|[;{\s])(?:-moz-binding|behavior)\s*:", re.I)


def oracle_violations(markup: str) -> list[str]:
    """External references or script-capable constructs in serialized SVG, by a separate reading."""
    found = []
    root = ET.fromstring(markup)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        namespace = element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else ""
        if namespace != SVG_NS:
            found.append(f"element outside SVG: {element.tag}")
        if tag.lower() in SCRIPT_ELEMENTS:
            found.append(f"<{tag}>")
        if tag in ("desc", "title", "style") and len(element):
            found.append(f"markup inside <{tag}>")
        for name, value in element.attrib.items():
            bare = name.rsplit("}", 1)[-1]
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if bare.lower().startswith("on"):
                found.append(f"handler {bare}")
            if "javascript:" in squeezed or "vbscript:" in squeezed:
                found.append(f"script URL in {bare}")
            if bare.lower() in URL_ATTRIBUTES and not value.strip().startswith("#"):
                found.append(f"external {bare}={value!r}")
            if tag in ("set", "animate", "animateMotion", "animateTransform") and bare == "attributeName":
                target = squeezed.removeprefix("xlink:")
                if target.startswith("on") or "href" in target or target == "style":
                    found.append(f"animation of {target}")
            if bare == "style" and SCRIPT_PROPERTIES.search(decode_css_escapes(value)):
                found.append(f"script-capable property in style={value[:40]!r}")
            for match in CSS_LOADERS.finditer(decode_css_escapes(value)):
                if not re.match(r"url\(\s*['\"]?#[\w.:-]*['\"]?\s*\)", decode_css_escapes(value)[match.start():]):
                    found.append(f"CSS loader in {bare}: {value[:40]!r}")
        if tag == "style":
            sheet = decode_css_escapes(element.text or "")
            for match in CSS_LOADERS.finditer(sheet):
                if not re.match(r"url\(\s*['\"]?#[\w.:-]*['\"]?\s*\)", sheet[match.start():]):
                    found.append(f"CSS loader in <style>: {sheet[match.start():match.start() + 40]!r}")
            if SCRIPT_PROPERTIES.search(sheet):
                found.append("script-capable property in <style>")
            if "@" in sheet.replace("@keyframes", ""):
                found.append("at-rule in <style>")
    return found


@settings(max_examples=300, deadline=2000, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(hostile_svgs())
def test_sanitized_output_has_no_external_reference_and_no_script(svg: str) -> None:
    document, problems = parse_svg(svg)
    assert document is not None, problems
    removed = sanitize(document)
    output.isolate(document)
    for markup in (output.standalone(document).split("\n", 1)[1], output.inline(document, "alt")):
        assert oracle_violations(markup) == [], (svg, markup)
    assert all(problem.line >= 1 and problem.message for problem in removed)


@pytest.mark.parametrize(("markup", "expected"), [
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@\\69mport "x";</style></svg>', ["at-rule in <style>"]),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: u\\72l(x)"/></svg>',
     ["CSS loader in style: 'fill: u\\\\72l(x)'"]),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(#a)"/></svg>', []),
    ('<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href " to="x"/></svg>', ["animation of href"]),
])
def test_the_oracle_itself(markup: str, expected: list[str]) -> None:
    """The oracle catches what it must (and passes what it must), checked by hand."""
    found = oracle_violations(markup)
    assert all(any(e in f for f in found) for e in expected) and (expected or not found), found
