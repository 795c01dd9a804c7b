"""Hostile input: every parser the extensions own returns located problems, fast.

Property tests (hypothesis) feed arbitrary and near-valid text to each parser
directly and require a result, never an exception, within the deadline, with
every problem on a line >= 1. Linear-time tests give each pattern the 1 MB
input that used to make it scan quadratically. Build tests run the real
sphinx-build on tests/roots/test-hostile with one broken file each and require
one located warning, within a time bound, and no traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from conftest import REPO, ROOTS
from test_sanitize import oracle_violations
from exts.book1.registry import load_registry
from exts.book_structure.model import load_structure, parse_structure
from exts.diagrams import css, output
from exts.diagrams.lints import lint
from exts.diagrams.loading import MAX_BYTES, from_html, load_source, parse_svg
from exts.diagrams.model import SVG_NS, XLINK_NS
from exts.diagrams.sanitize import SVG_ELEMENTS, sanitize
from exts.legacy.citations import Matcher, convert_line
from exts.legacy.lines import rewrite
from exts.works_cited.bibparse import entry_starts, parse_bibfiles, unclosed_entry

PROPERTIES = settings(
    max_examples=150,
    deadline=2000,  # ms per example
    derandomize=True,  # the same examples on every run: CI never flakes
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


def located(problems: list) -> None:
    """Every problem has a subtype or message and a line >= 1."""
    for problem in problems:
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert problem.message


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


# -- diagrams: loading, sanitizing, lints, output ----------------------------------

# Text XML can hold (no control characters but tab and newline): with TEXT, nine
# generated documents in ten were not well-formed and never reached the sanitizer.
XML_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from(["\t", "\n"]), max_size=60
)
VALUES = st.one_of(
    XML_TEXT,
    st.sampled_from(
        ["10", "-5", "1e309", "nan", "0 0 800 600", "0 0 0 0", "12px", "9pt", "100%", "url(#a)",
         "url(https://x.test/y)", "url('a(b)')", "javascript:alert(1)", " java\tscript:x", "#a", "a",
         "@import 'x.css';", "font-size: 3px; font-family: Comic Sans", "a{b}", "{", "}", "/*",
         "DejaVu Sans", "middle", "end", "central", "translate(1,2)", "font",
         # attributeName targets an animation may not have (issue 20)
         "href", "HREF", "xlink:href", " xlink:href\t", "onclick", "ONBEGIN", "style"]
    ),
)
ATTRIBUTES = st.dictionaries(
    st.sampled_from(
        ["x", "y", "dy", "width", "height", "viewBox", "font-size", "font-family", "style", "class",
         "id", "href", f"{{{XLINK_NS}}}href", "src", "onload", "onclick", "transform", "points",
         "text-anchor", "dominant-baseline", "attributeName", "cx", "cy", "r", "ry", "x1", "y2", "fill",
         "ONCLICK", "OnLoad", "onMouseOver"]
    ),
    VALUES,
    max_size=5,
)
TAGS = st.one_of(
    # the elements the sanitizer treats specially, drawn as often as all the others together
    st.sampled_from(["desc", "title", "style", "set", "animate", "a", "use", "text", "tspan"]),
    st.sampled_from(sorted(SVG_ELEMENTS) + ["script", "foreignObject", "meta", "img", "iframe"]),
)
NAMESPACES = st.sampled_from([SVG_NS, SVG_NS, SVG_NS, "http://www.w3.org/1999/xhtml", ""])


@st.composite
def svg_documents(draw: st.DrawFn) -> str:
    """Well-formed SVG with hostile elements, attributes, styles and text."""
    root = ET.Element(f"{{{SVG_NS}}}svg", draw(ATTRIBUTES))
    elements = [root]
    for _ in range(draw(st.integers(0, 25))):
        parent = draw(st.sampled_from(elements))
        namespace, tag = draw(NAMESPACES), draw(TAGS)
        element = ET.SubElement(parent, f"{{{namespace}}}{tag}" if namespace else tag, draw(ATTRIBUTES))
        element.text = draw(st.one_of(st.none(), XML_TEXT, VALUES))
        elements.append(element)
    markup = ET.tostring(root, encoding="unicode")
    return markup.replace("><", draw(st.sampled_from(["><", ">\n<"])))


def render(document) -> None:
    """Sanitize, lint and write ``document`` as each format would."""
    located(sanitize(document))
    located(lint(document))
    output.isolate(document)
    standalone = output.standalone(document)
    output.inline(document, "alt")
    again, problems = parse_svg(standalone.split("\n", 1)[1])
    assert again is not None, problems
    # An independent oracle (test_sanitize.py's own reading of the markup), not
    # sanitize() run again: a sanitizer blind to something stays blind to it.
    for markup in (standalone.split("\n", 1)[1], output.inline(document, "alt")):
        assert oracle_violations(markup) == [], ("the sanitized output still holds something", markup)


@PROPERTIES
@given(svg_documents())
def test_svg_documents_are_sanitized_linted_and_written(svg: str) -> None:
    document, problems = parse_svg(svg)
    located(problems)
    if document is not None:
        render(document)


@PROPERTIES
@given(st.one_of(TEXT, svg_documents()), TEXT, st.booleans())
def test_any_text_in_an_svg_or_html_file(svg: str, around: str, html: bool) -> None:
    text = f"<html><head><style>{around}</style><link href='{around}font'></head>{svg}{around}</html>"
    document, problems = from_html(text) if html else parse_svg(svg + around)
    located(problems)
    if document is not None:
        render(document)


@PROPERTIES
@given(st.binary(max_size=300), st.sampled_from([".svg", ".html"]))
def test_any_bytes_in_a_diagram_file(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch / f"diagram{suffix}"
    path.write_bytes(data)
    document, problems = load_source(path)
    located(problems)
    assert document is not None or problems, "a refused file is always explained"


CSS = st.text(st.sampled_from(list("{}();:,.#@/*'\" \nurlimport-abc09>+~%!")), max_size=120)


@PROPERTIES
@given(CSS)
def test_any_style_sheet(sheet: str) -> None:
    for rule in css.rules(sheet):
        assert all(isinstance(value, str) for value in rule.declarations.values())
    css.scope(sheet, "root", {"a": "p-a"})
    cleaned = css.without_external(sheet)
    assert css.external_urls(cleaned) == []
    css.declarations(sheet)
    css.matches(sheet, ET.Element("text", {"class": "a b", "id": "x"}))


# -- the legacy [Source: ...] matcher and line rewrites ----------------------------

BIB = """
@misc{kwon2023efficient, author = {Kwon, Woosuk and Li, Z. and Zhuang, S.}, title = {Paged},
  year = {2023}, url = {https://x.test/a}}
@misc{google2024gemini, author = {{Google}}, title = {Gemini}, year = {2024}, url = {https://x.test/b}}
@misc{google2024pricing, author = {{Google}}, title = {Pricing}, year = {2024}, url = {https://x.test/c}}
@misc{anon, title = {No Author}, url = {https://x.test/d}}
"""
MATCHER = Matcher(parse_string(BIB, "bibtex").entries.values())
CITATION_TEXT = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(["[Source: ", "]", "[", ";", ",", "`", "Kwon et al., 2023", "Google, 2024a",
                         "Google, 2024", "No Author, n.d.", " et al.", "2023", "\n"]),
    ),
    max_size=12,
).map("".join)


@PROPERTIES
@given(CITATION_TEXT, st.integers(1, 10_000))
def test_any_line_with_written_citations(line: str, number: int) -> None:
    text, problems = convert_line(line, number, MATCHER)
    assert isinstance(text, str)
    assert all(problem.line == number for problem in problems)
    assert all(problem.message for problem in problems)


@PROPERTIES
@given(st.lists(st.one_of(TEXT, st.sampled_from(
    ["# Chapter 3: Title", "# Appendix A:  ", "## Heading {-}", "# T {.unnumbered}", "```", "~~~",
     "\\newpage", "  \\clearpage  ", "# Chapter 1:"]
)), max_size=12).map("\n".join))
def test_any_pandoc_era_text(text: str) -> None:
    rewritten, titles = rewrite(text, lambda line, number: line)
    assert rewritten.count("\n") == text.count("\n"), "every line keeps its number"
    assert all(title.line >= 1 for title in titles)


# -- the structure declaration (book.toml) and the Book 1 registry -----------------

TOML_VALUES = st.recursive(
    st.one_of(st.booleans(), st.integers(), TEXT, st.sampled_from(["chapters/a", "a.md", ""])),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=12,
)
KEYS = st.sampled_from(["front", "part", "appendices", "back", "title", "chapters", "docs", "x"])
TABLES = st.dictionaries(KEYS, TOML_VALUES, max_size=3)
STRUCTURE_DATA = st.dictionaries(
    KEYS, st.one_of(TOML_VALUES, TABLES, st.lists(TABLES | TOML_VALUES, max_size=3)), max_size=5
)


def toml_text(fragments: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(fragments), TEXT), max_size=14).map("\n".join)


@PROPERTIES
@given(STRUCTURE_DATA, st.lists(TEXT, max_size=8))
def test_any_parsed_structure(data: dict, lines: list[str]) -> None:
    structure, problems = parse_structure(data, lines)
    located(problems)
    for entry in structure.entries:
        structure.fingerprint(entry.docname, set())


@PROPERTIES
@given(toml_text(["[[part]]", 'title = "Part"', 'chapters = ["chapters/a", "chapters/b"]',
                  'chapters = "chapters/a"', "chapters = [1]", "[front]", 'docs = ["front/p"]', "docs = 1",
                  "part = 3", "part = [1]", "[appendices]", "[back]", 'x = "y"', 'title = ""', "[part]"]))
def test_any_structure_file(scratch: Path, text: str) -> None:
    path = scratch / "book.toml"
    path.write_text(text, encoding="utf-8")
    located(load_structure(path)[1])


@PROPERTIES
@given(toml_text(["[[chapter]]", "[[appendix]]", 'key = "network"', "key = 5", "key = [1]",
                  "number = 5", 'number = "A"', 'title = "Network"', "title = 1.5", 'page = "p"',
                  "chapter = 1", "chapter = [1, 2]", 'appendix = "x"', "[chapter]", 'title = "Book"']))
def test_any_registry_file(scratch: Path, text: str) -> None:
    path = scratch / "book1.toml"
    path.write_text(text, encoding="utf-8")
    registry, problems = load_registry(path)
    located(problems)
    assert len({chapter.key for chapter in registry.chapters}) == len(registry.chapters)


# -- BibTeX --------------------------------------------------------------------------

BIB_TEXT = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(["@misc{key,", "@article{k2,", "@misc(k3,", "}", "{", ")", "(", "author = {A and B},",
                         "author = {{Org}},", "title = {T},", 'title = "Q",', "year = {2020},",
                         "url = {https://x.test},", "@comment{", "@string{a = {b}}", "@preamble{",
                         "@", ",", '"', "#", "=", "\n", "@misc{key,"]),
    ),
    max_size=16,
).map("".join)


@PROPERTIES
@given(BIB_TEXT)
def test_any_bib_file(scratch: Path, text: str) -> None:
    path = scratch / "refs.bib"
    path.write_text(text, encoding="utf-8")
    parsed = parse_bibfiles([path], "utf-8")
    located(parsed.problems)
    assert all(line >= 1 for _path, line in parsed.lines.values())
    assert all(line >= 1 for line, _key in entry_starts(text))
    unclosed = unclosed_entry(text)
    assert unclosed is None or unclosed[0] >= 1


# -- linear time on the inputs that used to be quadratic ------------------------------

MEGABYTE = 1_000_000
PATHOLOGICAL: dict[str, Callable[[], object]] = {
    "css rules without braces": lambda: css.rules("a" * MEGABYTE),
    "css unclosed url(": lambda: css.external_urls("url(" * (MEGABYTE // 4)),
    "css unclosed quoted url(": lambda: css.without_external('url("' * (MEGABYTE // 5)),
    "css unclosed comments": lambda: css.rules("/*" * (MEGABYTE // 2)),
    "css @import without ;": lambda: css.external_urls("@import" * (MEGABYTE // 7)),
    "html unclosed <svg": lambda: from_html("<svg " * (MEGABYTE // 5)),
    "html many <svg> elements": lambda: from_html("<svg></svg>\n" * (MEGABYTE // 12)),
    "html unclosed <style": lambda: from_html("<svg></svg>" + "<style>" * (MEGABYTE // 7)),
    "html font links": lambda: from_html("<svg></svg>" + "<link href=font" * (MEGABYTE // 15)),
    "svg with many labels": lambda: parse_svg(
        f'<svg xmlns="{SVG_NS}">' + '<text x="1" y="2">a</text>' * (MEGABYTE // 30) + "</svg>"
    ),
    "unclosed [Source:": lambda: convert_line("[Source: " * (MEGABYTE // 9), 1, MATCHER),
    "many [Source: ...]": lambda: convert_line("`[Source: a]" * (MEGABYTE // 12), 1, MATCHER),
    "title with blanks": lambda: rewrite("# Chapter 1: a" + " " * MEGABYTE + "b"),
    "heading with blanks": lambda: rewrite("# a" + " " * MEGABYTE + "b"),
}


@pytest.mark.parametrize("case", PATHOLOGICAL)
def test_a_megabyte_of_hostile_text_takes_linear_time(case: str) -> None:
    start = time.monotonic()
    PATHOLOGICAL[case]()
    assert time.monotonic() - start < 5


def test_a_diagram_over_the_size_limit_is_refused_unread(scratch: Path) -> None:
    path = scratch / "big.svg"
    path.write_bytes(b"<svg>" + b" " * MAX_BYTES + b"</svg>")
    assert [p.subtype for p in load_source(path)[1]] == ["unreadable"]


# -- whole builds with one broken file each -------------------------------------------

BUILD_SECONDS = 120


def write_bytes(relative: str, data: bytes) -> Callable[[Path], None]:
    return lambda src: (src / relative).write_bytes(data)


def replace_bytes(relative: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def edit(src: Path) -> None:
        data = (src / relative).read_bytes()
        assert old in data
        (src / relative).write_bytes(data.replace(old, new, 1))

    return edit


def huge_svg(src: Path) -> None:
    """20 MB of well-formed SVG, generated (never committed)."""
    with (src / "diagrams/alpha/flow.svg").open("w", encoding="utf-8") as svg:
        svg.write(f'<svg xmlns="{SVG_NS}" viewBox="0 0 800 200">\n')
        rect = '<rect x="1" y="1" width="1" height="1"/>\n'
        for _ in range(20 * 2**20 // len(rect)):
            svg.write(rect)
        svg.write("</svg>\n")


def include_cycle(src: Path) -> None:
    """beta includes snippets/b.md, which includes c.md, which includes b.md."""
    (src / "snippets").mkdir()
    (src / "snippets/b.md").write_text("B\n\n```{include} ../snippets/c.md\n```\n", encoding="utf-8")
    (src / "snippets/c.md").write_text("C\n\n```{include} ../snippets/b.md\n```\n", encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('exclude_patterns = ["snippets"]\n')
    replace_bytes("chapters/beta.md", b"plain prose.\n", b"plain prose.\n\n```{include} ../snippets/b.md\n```\n")(src)


DEPTH = 10_000
BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty chapter": (
        write_bytes("chapters/beta.md", b""),
        r"chapters/beta\.md:1: WARNING: 'chapters/beta' has no title: .* \[book\.no-title\]",
    ),
    "empty svg": (
        write_bytes("diagrams/alpha/flow.svg", b""),
        r"diagrams/alpha/flow\.svg:1: WARNING: not well-formed XML: no element found \[diagram\.unreadable\]",
    ),
    "empty bib": (
        write_bytes("bib/refs.bib", b""),
        r"chapters/alpha\.md:3: WARNING: unknown citation key 'kwon2023efficient'.* \[works-cited\.unknown-key\]",
    ),
    "20 MB svg": (
        huge_svg,
        r"diagrams/alpha/flow\.svg:1: WARNING: flow\.svg has \d+ bytes; the limit is \d+ \[diagram\.unreadable\]",
    ),
    "svg nested 10k deep": (
        write_bytes(
            "diagrams/alpha/flow.svg",
            f'<svg xmlns="{SVG_NS}">\n'.encode() + b"<g>" * DEPTH + b"</g>" * DEPTH + b"\n</svg>\n",
        ),
        r"diagrams/alpha/flow\.svg:1: WARNING: elements are nested more than 64 deep \[diagram\.unreadable\]",
    ),
    "chapter not utf-8": (
        replace_bytes("chapters/beta.md", b"plain prose", b"plain \xff\xfe prose"),
        r"chapters/beta\.md:3: WARNING: not UTF-8 .* \[book\.encoding\]",
    ),
    "svg not utf-8": (
        replace_bytes("diagrams/alpha/flow.svg", b"GPU inference", b"GPU \xff inference"),
        r"diagrams/alpha/flow\.svg:8: WARNING: flow\.svg is not UTF-8: invalid start byte \[diagram\.unreadable\]",
    ),
    "bib not utf-8": (
        replace_bytes("bib/refs.bib", b"Siyuan", b"Siy\xffuan"),
        r"bib/refs\.bib:2: WARNING: cannot read refs\.bib: not UTF-8 .* \[works-cited\.malformed-bib\]",
    ),
    "bib with an unclosed brace": (
        replace_bytes("bib/refs.bib", b"year = {2023},", b"year = {2023,"),
        r"bib/refs\.bib:1: WARNING: malformed \.bib: entry 'kwon2023efficient' is never closed .*"
        r"\[works-cited\.malformed-bib\]",
    ),
    "chapter includes itself": (
        replace_bytes("chapters/beta.md", b"plain prose.\n", b"plain prose.\n\n```{include} beta.md\n```\n"),
        r"chapters/beta\.md:5: WARNING: circular include: chapters/beta\.md includes itself .*"
        r"\[book\.circular-include\]",
    ),
    "include cycle through two files": (
        include_cycle,
        r"chapters/beta\.md:5: WARNING: circular include: snippets/b\.md includes itself .*"
        r"\[book\.circular-include\]",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_is_one_located_warning_not_a_crash(tmp_path: Path, case: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-hostile", src)
    edit, expected = BROKEN[case]
    edit(src)
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"), str(src),
         str(tmp_path / "html")],
        capture_output=True, text=True, check=False, timeout=BUILD_SECONDS, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    elapsed = time.monotonic() - start
    output = result.stdout + result.stderr
    for crash in ("Traceback", "Exception occurred", "Encoding error", "Recursion error"):
        assert crash not in output, output
    assert result.returncode == 0, output
    assert re.search(re.escape(str(src)) + "/" + expected, result.stderr), result.stderr
    assert elapsed < 60, f"{case} took {elapsed:.0f} s"
