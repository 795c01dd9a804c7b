"""Book structure in HTML, LaTeX and EPUB, and its located warnings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import warning_lines


def page(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def heading(app: SphinxTestApp, docname: str) -> str:
    h1 = page(app, docname).find("h1")
    return h1.get_text().replace("¶", "").replace("#", "").strip()


@pytest.mark.sphinx("html", testroot="structure")
def test_html_labels_chapters_continuously_and_letters_the_appendix(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert heading(app, "front/preface") == "Preface"
    assert heading(app, "chapters/alpha") == "Chapter 1: Alpha"
    assert heading(app, "chapters/beta") == "Chapter 2: Beta"
    assert heading(app, "chapters/gamma") == "Chapter 3: Gamma"  # first chapter of Part II
    assert heading(app, "appendices/primer") == "Appendix A: Primer"


@pytest.mark.sphinx("html", testroot="structure")
def test_html_next_links_follow_the_book(app: SphinxTestApp) -> None:
    app.build()

    def next_link(docname: str) -> tuple[str, str] | None:
        paragraph = page(app, docname).find("p", class_="book-next")
        if paragraph is None:
            return None
        link = paragraph.find("a")
        return paragraph.get_text(" ", strip=True), link["href"]

    assert next_link("chapters/alpha") == ("Next: Chapter 2: Beta", "beta.html")
    assert next_link("chapters/beta") == ("Next: Chapter 3: Gamma", "gamma.html")
    assert next_link("chapters/gamma") == ("Next: Appendix A: Primer", "../appendices/primer.html")
    assert next_link("appendices/primer") is None
    assert next_link("front/preface") is None


@pytest.mark.sphinx("html", testroot="structure")
def test_html_chapter_role_renders_number_and_title(app: SphinxTestApp) -> None:
    app.build()
    links = {a.get_text(): a["href"] for a in page(app, "front/preface").select("a.reference.internal")}
    assert links["Chapter 3: Gamma"] == "../chapters/gamma.html"
    links = {a.get_text(): a["href"] for a in page(app, "chapters/alpha").select("a.reference.internal")}
    assert links["Appendix A: Primer"] == "../appendices/primer.html"


@pytest.mark.sphinx("html", testroot="structure")
def test_html_figures_are_numbered_per_chapter(app: SphinxTestApp) -> None:
    app.build()

    def captions(docname: str) -> list[str]:
        return [span.get_text() for span in page(app, docname).select("span.caption-number")]

    assert captions("chapters/alpha") == ["Figure 1.1 ", "Figure 1.2 "]
    assert captions("chapters/gamma") == ["Figure 3.1 "]
    assert captions("appendices/primer") == ["Figure A.1 "]
    text = page(app, "chapters/gamma").get_text()
    assert "Gamma cites Figure 1.1" in text
    assert "See Figure 1.2" in page(app, "chapters/alpha").get_text()


@pytest.mark.sphinx("html", testroot="structure")
def test_html_navigation_shows_parts_as_captions(app: SphinxTestApp) -> None:
    app.build()
    captions = [c.get_text() for c in page(app, "index").select("p.caption span.caption-text")]
    assert captions == ["Part I: First Things", "Part II: Second Things", "Appendices"]


@pytest.mark.sphinx("latex", testroot="structure")
def test_latex_has_parts_in_order_and_the_appendix_after_appendix(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (Path(app.outdir) / "book.tex").read_text(encoding="utf-8")
    commands = re.findall(r"^\\(frontmatter|mainmatter|part\{[^}]*\}|appendix|chapter\{[^}]*\})", tex, re.M)
    assert commands == [
        "frontmatter",
        "chapter{Preface}",
        "mainmatter",
        "part{First Things}",
        "chapter{Alpha}",
        "chapter{Beta}",
        "part{Second Things}",
        "chapter{Gamma}",
        "appendix",
        "chapter{Primer}",
    ]
    assert "Chapter 1:" not in tex.split(r"\chapter{Alpha}")[1].split("\n")[0]


@pytest.mark.sphinx("epub", testroot="structure", srcdir="structure-epub-again")
def test_a_second_epub_build_after_a_config_change_is_clean(app: SphinxTestApp, make_app) -> None:
    """Sphinx keeps the old ``.buildinfo`` as ``.buildinfo.bak`` when the configuration
    changed; the EPUB must neither package it nor warn about it (a -W failure on the
    second build)."""
    app.build()
    again = make_app("epub", srcdir=app.srcdir, confoverrides={"epub_title": "Another Title"})
    again.build()
    assert (Path(again.outdir) / ".buildinfo.bak").exists()
    assert "buildinfo" not in again.warning.getvalue()  # "unknown mimetype for .buildinfo.bak"
    opf = (Path(again.outdir) / "content.opf").read_text(encoding="utf-8")
    assert ".buildinfo" not in opf


COVER = {"epub_cover": ("_static/cover.svg", "epub-cover.html")}


@pytest.mark.sphinx(
    "epub", testroot="structure", srcdir="structure-epub-twice", confoverrides=COVER
)
def test_a_second_epub_build_lists_the_cover_page_once(app: SphinxTestApp, make_app) -> None:
    """The cover page left by the first build in the output folder must not be
    listed again (Sphinx adds every .xhtml it finds to the spine, then inserts the
    cover page at its head: a second ``make epub`` failed epubcheck, RSC-005
    "Itemref refers to the same manifest entry as a previous itemref")."""
    app.build()
    first = (Path(app.outdir) / "content.opf").read_text(encoding="utf-8")
    again = make_app("epub", srcdir=app.srcdir, confoverrides=COVER)
    again.build()
    opf = (Path(again.outdir) / "content.opf").read_text(encoding="utf-8")
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    assert len(spine) == len(set(spine)), spine
    cover = re.search(r'<item id="([^"]+)" href="epub-cover.xhtml"', opf).group(1)
    assert spine[0] == cover
    assert opf == first  # the same package as a fresh build


@pytest.mark.sphinx("epub", testroot="structure")
def test_epub_navigation_nests_chapters_under_parts(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    nav = BeautifulSoup((Path(app.outdir) / "nav.xhtml").read_text(encoding="utf-8"), "html.parser")
    top = nav.find("nav").find("ol")

    def outline(ol) -> list:
        result = []
        for li in ol.find_all("li", recursive=False):
            child = li.find("ol", recursive=False)
            text = li.find("a").get_text()
            result.append((text, outline(child)) if child else text)
        return result

    assert outline(top) == [
        "Test Book",
        "Preface",
        ("Part I: First Things", ["Chapter 1: Alpha", "Chapter 2: Beta"]),
        ("Part II: Second Things", ["Chapter 3: Gamma"]),
        "Appendix A: Primer",
    ]


@pytest.mark.sphinx("epub", testroot="structure", srcdir="structure-epub-parts")
def test_epub_opens_each_part_in_the_text(app: SphinxTestApp) -> None:
    """A reader turning pages sees "Part II: ..." where the part begins, as in print
    (issue 11: the EPUB showed parts only in its navigation); the website does not."""
    app.build()
    assert app.warning.getvalue() == ""

    def openings(docname: str) -> list[str]:
        markup = (Path(app.outdir) / f"{docname}.xhtml").read_text(encoding="utf-8")
        body = BeautifulSoup(markup, "html.parser").find("div", class_="body")
        return [p.get_text() for p in body.find_all("p", class_="part-opening")]

    assert openings("chapters/alpha") == ["Part I: First Things"]
    assert openings("chapters/beta") == []
    assert openings("chapters/gamma") == ["Part II: Second Things"]
    assert openings("front/preface") == openings("appendices/primer") == []
    gamma = (Path(app.outdir) / "chapters/gamma.xhtml").read_text(encoding="utf-8")
    assert gamma.index('class="part-opening"') < gamma.index("<h1")  # above the chapter's title


@pytest.mark.sphinx("html", testroot="structure", srcdir="structure-html-parts")
def test_html_pages_have_no_part_opening(app: SphinxTestApp) -> None:
    app.build()
    alpha = (Path(app.outdir) / "chapters/alpha.html").read_text(encoding="utf-8")
    assert "part-opening" not in alpha


@pytest.mark.sphinx("html", testroot="structure-errors")
def test_structure_errors_are_located_warnings(app: SphinxTestApp) -> None:
    app.build()
    toml = Path(app.srcdir) / "book.toml"
    warnings = sorted(warning_lines(app))
    assert warnings == sorted(
        [
            f"{toml}:6: WARNING: 'chapters/one' is listed twice (first on line 4) [book.duplicate]",
            f"{toml}:5: WARNING: 'chapters/ghost' is listed but has no source file [book.missing]",
            f"{Path(app.srcdir) / 'chapters' / 'stray.md'}:1: WARNING: 'chapters/stray' is not listed"
            " in book.toml [book.unlisted]",
            f"{Path(app.srcdir) / 'chapters' / 'one.md'}:3: WARNING: unknown chapter 'nowhere':"
            " no document in book.toml has that slug [book.unknown-chapter]",
        ]
    )


@pytest.mark.sphinx("html", testroot="structure-badtoml")
def test_malformed_structure_file_is_one_located_warning(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{Path(app.srcdir) / 'book.toml'}:2: WARNING: invalid TOML")
    assert warnings[0].endswith("[book.syntax]")


def test_moving_a_chapter_renumbers_on_an_incremental_build(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-structure", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    toml = srcdir / "book.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            '["chapters/alpha", "chapters/beta"]', '["chapters/beta", "chapters/alpha"]'
        ),
        encoding="utf-8",
    )
    app2 = make_app("html", srcdir=srcdir)
    app2.build()
    assert app2.warning.getvalue() == ""
    assert heading(app2, "chapters/beta") == "Chapter 1: Beta"
    assert heading(app2, "chapters/alpha") == "Chapter 2: Alpha"
    captions = [s.get_text() for s in page(app2, "chapters/alpha").select("span.caption-number")]
    assert captions == ["Figure 2.1 ", "Figure 2.2 "]
    assert "Gamma cites Figure 2.1" in page(app2, "chapters/gamma").get_text()
    assert page(app2, "chapters/beta").find("p", class_="book-next").get_text(" ", strip=True) == (
        "Next: Chapter 2: Alpha"
    )
