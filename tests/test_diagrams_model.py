"""The diagram data model on its own: safe loading, sanitizing, isolation, lints."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import REPO

from exts.diagrams import css, output
from exts.diagrams.lints import lint
from exts.diagrams.loading import MAX_BYTES, load_source, parse_svg
from exts.diagrams.sanitize import sanitize

TEMPLATE = REPO / "docs" / "diagram-template.svg"
ROOT = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200"{extra}>\n{body}\n</svg>'


def svg(body: str, extra: str = "") -> str:
    return ROOT.format(extra=extra, body=body)


def problems(text: str) -> list[tuple[str, int]]:
    document, found = parse_svg(text)
    assert document is not None, found
    return [(p.subtype, p.line) for p in sanitize(document) + lint(document)]


def test_the_book_template_passes_every_lint() -> None:
    document, found = load_source(TEMPLATE)
    assert found == [] and document is not None
    assert sanitize(document) == [] and lint(document) == []


def test_a_billion_laughs_is_refused_at_once() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 30))
    text = f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY l0 "lol">{laughs}]>\n' + svg(
        "<text>&l29;</text>"
    )
    start = time.monotonic()
    document, found = parse_svg(text)
    assert time.monotonic() - start < 1
    assert document is None and [(p.subtype, p.line) for p in found] == [("unsafe-xml", 2)]


def test_oversized_files_are_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.svg"
    big.write_text(svg("<!--" + "x" * MAX_BYTES + "-->"), encoding="utf-8")
    document, found = load_source(big)
    assert document is None and found[0].subtype == "unreadable"


def test_html_wrapper_lines_count_from_the_file(tmp_path: Path) -> None:
    wrapper = tmp_path / "d.html"
    wrapper.write_text(
        "<!DOCTYPE html>\n<html>\n<body>\n" + svg("<script>x()</script>", ' font-family="Arial"'),
        encoding="utf-8",
    )
    document, found = load_source(wrapper)
    assert found == [] and document is not None
    assert [(p.subtype, p.line) for p in sanitize(document)] == [("script", 5)]


def test_a_font_on_the_root_or_in_a_style_rule_is_explicit() -> None:
    assert (
        problems(svg('<text x="20" y="80" font-size="12">a</text>', ' font-family="Arial"')) == []
    )
    styled = '<style>.label { font-family: Verdana; }</style>\n<text class="label" x="20" y="80" font-size="12">a</text>'
    assert problems(svg(styled)) == []
    assert problems(svg('<text x="20" y="80" font-size="12">a</text>')) == [("font", 2)]


def test_text_size_follows_inheritance_and_units() -> None:
    body = '<g font-size="7pt"><text x="20" y="80">a</text></g>'
    assert problems(svg(body, ' font-family="Arial"')) == [("text-size", 2)]
    body = '<g font-size="10"><text x="20" y="80">a</text></g>'
    assert problems(svg(body, ' font-family="Arial"')) == []


def test_title_gap_ignores_the_background_and_measures_the_first_content() -> None:
    title = '<rect width="100%" height="100%" fill="#fff"/>\n<text x="200" y="34" font-size="18">T</text>\n'
    assert (
        problems(
            svg(title + '<rect x="10" y="50" width="10" height="10"/>', ' font-family="Arial"')
        )
        == []
    )
    assert problems(
        svg(title + '<rect x="10" y="49" width="10" height="10"/>', ' font-family="Arial"')
    ) == [("title-gap", 4)]


def test_isolation_prefixes_ids_and_scopes_styles() -> None:
    document, _ = parse_svg(
        svg(
            "<style>#a { fill: red; } text { fill: blue; }</style>\n"
            '<defs><marker id="a"/></defs><line marker-end="url(#a)"/><use href="#a"/>'
        )
    )
    output.isolate(document)
    markup = output.standalone(document)
    root_id = document.root.get("id")
    prefix = root_id.removesuffix("svg")
    assert (
        f'id="{prefix}a"' in markup
        and f"url(#{prefix}a)" in markup
        and f'href="#{prefix}a"' in markup
    )
    assert (
        f"#{root_id} #{prefix}a {{ fill: red; }}" in markup
        and f"#{root_id} text {{ fill: blue; }}" in markup
    )


def test_css_scope_leaves_at_rules_and_keyframes_alone() -> None:
    scoped = css.scope(
        "@media print { rect { fill: red; } } @keyframes k { from { x: 0 } }", "r", {}
    )
    assert (
        "@media print {" in scoped
        and "#r rect { fill: red; }" in scoped
        and "from { x: 0 }" in scoped
    )


def test_svg_written_in_html_may_omit_namespaces_and_use_html_entities(tmp_path: Path) -> None:
    wrapper = tmp_path / "d.html"
    wrapper.write_text(
        '<html><body>\n<svg viewBox="0 0 400 200" font-family="Arial">\n'
        '<use xlink:href="#a"/>\n<text x="20" y="80" font-size="12">a&nbsp;&mdash;&amp;b</text>\n'
        "</svg></body></html>",
        encoding="utf-8",
    )
    document, found = load_source(wrapper)
    assert found == [] and document is not None
    text = next(el for el in document.root.iter() if el.tag.endswith("}text"))
    assert text.text == "a\u00a0\u2014&b" and document.line(text) == 4


def test_print_size_flags_text_under_the_minimum_at_the_print_width() -> None:
    from exts.diagrams.lints import print_sizes

    def smallest(view: int, size: int) -> list[tuple[str, int]]:
        text = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view} 200" font-family="Arial">\n'
                f'<text x="1" y="20" font-size="18">Title</text>\n<text x="1" y="60" font-size="{size}">label</text>\n</svg>')
        document, found = parse_svg(text)
        return [(p.subtype, p.line) for p in print_sizes(document, 381, 7)]

    assert smallest(800, 12) == [("print-size", 3)]  # 12 x 381/800 = 5.7 pt
    assert smallest(720, 14) == []  # the book's rule for new diagrams: 7.4 pt
    assert smallest(720, 13) == [("print-size", 3)]  # 6.9 pt
