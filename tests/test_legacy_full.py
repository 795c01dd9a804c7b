"""A chapter written entirely in pandoc-era Markdown, with the diagram and citation extensions.

It builds without warnings and renders the structure the native syntax
renders: opener and numbered diagrams, citations, the From Book 1 callout,
the LaTeX page break.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import warning_lines
from docutils import nodes
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp

from exts.book_structure.nodes import chapter_label

NAMED = ("ids", "names", "refid", "backrefs")  # labels differ by chapter


def shape(app: SphinxTestApp, docname: str) -> list[tuple[object, ...]]:
    """Every element below the title, with its attributes that do not name the chapter."""
    doctree = app.env.get_doctree(docname)
    top = next(iter(doctree.findall(nodes.section)))
    result = []
    generated = [n for n in top.findall(nodes.paragraph) if "book-next" in n["classes"]]
    skipped = {id(n) for g in generated for n in g.findall(nodes.Element)}
    for node in top.findall(nodes.Element):
        if node is top or isinstance(node, chapter_label) or id(node) in skipped:
            continue
        attributes = {
            k: v
            for k, v in node.attributes.items()
            if k not in NAMED and k not in ("source", "inline", "svg", "digest", "refdoc")
        }
        result.append((node.tagname, sorted(attributes.items(), key=str), node.astext()[:60]))
    return result


TITLES = [
    "Chapter 2: Streams", "Overview", "From Book 1", "Bridging the Gap", "From the ML side",
    "From the API side", "Common Pitfalls", "Summary", "References",
]
# seven sections (Overview ... Summary); the two diagrams with their captions; the
# from-book1 callout; two citations and one Book 1 reference
COUNTS = {"section": 7, "figure": 2, "caption": 2, "admonition": 1, "pending_xref": 3}


@pytest.mark.sphinx("html", testroot="legacy-full", freshenv=True)
def test_pandoc_chapter_matches_the_native_one(app: SphinxTestApp) -> None:
    app.build()
    assert not [w for w in warning_lines(app) if "wrong.md" not in w]
    native, pandoc = shape(app, "chapters/native"), shape(app, "chapters/pandoc")
    normalize = str.maketrans({"1": "N", "2": "N"})  # chapter numbers in the titles
    assert [str(n).replace("native", "X").translate(normalize) for n in native] == [
        str(n).replace("pandoc", "X").translate(normalize) for n in pandoc
    ]
    tags = [n[0] for n in pandoc]
    assert tags.count("figure") == 2 and "admonition" in tags and "raw" in tags
    # Absolute, not only relative (two equally broken chapters would compare equal):
    # the converted chapter's section titles and element counts, written by hand.
    assert [n[2] for n in pandoc if n[0] == "title"] == TITLES
    assert {tag: tags.count(tag) for tag in ("section", "figure", "caption", "admonition", "pending_xref")} == COUNTS
    cited = [
        x["reftarget"]
        for x in app.env.get_doctree("chapters/pandoc").findall(addnodes.pending_xref)
        if x["refdomain"] == "cite"
    ]
    assert cited == [
        "chapters-pandoc:kwon2023efficient,chapters-pandoc:yu2022orca",
        "chapters-pandoc:deepgram2025pricing",
    ]


@pytest.mark.sphinx("html", testroot="legacy-full")
def test_pandoc_diagrams_are_numbered_and_labelled(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup(
        (Path(app.outdir) / "chapters" / "pandoc.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert [f["id"] for f in page.select("figure.diagram")] == [
        "fig-pandoc-opener",
        "fig-pandoc-flow",
    ]
    assert [s.get_text() for s in page.select("figure.diagram span.caption-number")] == [
        "Figure 2.1 ",
        "Figure 2.2 ",
    ]
    text = " ".join(page.get_text().split())
    assert "Paging helps [Source: Kwon et al., 2023; Yu and Jeong, 2022]" in text


@pytest.mark.sphinx("html", testroot="legacy-full", freshenv=True)
def test_citations_that_name_no_entry_or_several_warn_with_candidates(app: SphinxTestApp) -> None:
    """Also: a written References section is its own warning, not a section-order one."""
    app.build()
    source = f"{Path(app.srcdir) / 'chapters' / 'wrong.md'}:9: WARNING: "
    assert [w.removeprefix(source) for w in warning_lines(app)] == [
        "[Source: Deepgram, 2025] matches several bib entries: deepgram2025pricing"
        ' ("Deepgram, 2025a", "Pricing"); deepgram2025streaming ("Deepgram, 2025b",'
        ' "Streaming Audio"); write {cite:p}`key` [legacy.citation]',
        "[Source: Nobody, 1999] matches no bib entry (candidates: none); write {cite:p}`key`"
        " [legacy.citation]",
        "[Source: Kwon, 2020] matches no bib entry (candidates: kwon2023efficient"
        ' ("Kwon et al., 2023", "Efficient Memory Management for Large Language Model'
        ' Serving")); write {cite:p}`key` [legacy.citation]',
        f"{Path(app.srcdir) / 'chapters' / 'wrong.md'}:30: WARNING: a written 'References' section:"
        " the References list is generated from the chapter's citations; delete this heading"
        " and its list [legacy.references]",
    ]
    assert "Efficient Memory Management." not in app.env.get_doctree("chapters/wrong").astext()
    wrong = app.env.get_doctree("chapters/wrong").astext()
    assert "[Source: Kwon et al., 2023]" in wrong  # inline code is left alone


@pytest.mark.sphinx("latex", testroot="legacy-full")
def test_latex_gets_the_page_break_after_the_opener(app: SphinxTestApp) -> None:
    app.build()
    tex = (Path(app.outdir) / "book.tex").read_text(encoding="utf-8")
    for docname in ("native", "pandoc"):
        chapter = tex.split(f"\\label{{\\detokenize{{chapters/{docname}::doc}}}}", 1)[1]
        assert chapter.index("\\clearpage") < chapter.index("\\section{Overview}")
        assert chapter.index(f"fig-{docname}-opener") < chapter.index("\\clearpage")


@pytest.mark.sphinx("status", testroot="legacy-full")
def test_status_counts_the_converted_diagrams_and_citations(app: SphinxTestApp) -> None:
    app.build()
    rows = (Path(app.outdir) / "status.md").read_text(encoding="utf-8").splitlines()
    native, pandoc = ([c.strip() for c in r.strip("|").split("|")] for r in rows[2:4])
    assert native[2:] == pandoc[2:] == ["draft", "16", "2", "3", "1"]


def test_written_citations_match_by_label_then_by_first_author_and_year() -> None:
    from pybtex.database import parse_string

    from exts.legacy.citations import Matcher, convert_line

    bib = parse_string(
        "@misc{a1, author={Kwon, W. and Li, Z. and Zhuang, S.}, title={A}, year={2023}}\n"
        "@misc{g1, author={{Google}}, title={Alpha}, year={2024}}\n"
        "@misc{g2, author={{Google}}, title={Beta}, year={2024}}\n",
        "bibtex",
    )
    matcher = Matcher(bib.entries.values())
    assert matcher.keys("Kwon et al., 2023") == ["a1"]
    assert matcher.keys("Kwon, 2023") == ["a1"]  # first author and year
    assert matcher.keys("Google, 2024b") == ["g2"]
    assert sorted(matcher.keys("Google, 2024")) == ["g1", "g2"]
    line, problems = convert_line(
        "x [Source: Kwon et al., 2023; Google, 2024a] `[Source: Kwon, 2023]`", 4, matcher
    )
    assert line == "x {cite:p}`a1,g1` `[Source: Kwon, 2023]`"
    assert problems == []


@pytest.mark.sphinx("html", testroot="legacy-book", freshenv=True)
def test_a_pandoc_era_book_builds_with_no_file_moved(app: SphinxTestApp) -> None:
    """assets/ beside chapters/, numbered file names, [Source: ...] citations,
    From Book 1 quotes, \\newpage, {-} headings and written Next links: the
    only warning is the written References section."""
    app.build()
    source = Path(app.srcdir) / "chapters" / "01-streams.md"
    assert warning_lines(app) == [
        f"{source}:37: WARNING: a written 'References' section: the References list is"
        " generated from the chapter's citations; delete this heading and its list"
        " [legacy.references]",
    ]
    first = BeautifulSoup((Path(app.outdir) / "chapters" / "01-streams.html").read_text(), "html.parser")
    second = BeautifulSoup((Path(app.outdir) / "chapters" / "02-protocols.html").read_text(), "html.parser")
    figures = first.select("figure.diagram") + second.select("figure.diagram")
    assert [f.select_one("span.caption-number").get_text() for f in figures] == [
        "Figure 1.1 ", "Figure 1.2 ", "Figure 2.1 ",
    ]
    assert [f.select_one("svg title").get_text() for f in figures] == [
        "Streams opener", "flow", "Protocols opener",
    ]
    text = " ".join(first.get_text().split())
    assert "Paging helps [Source: Kwon et al., 2023; Yu and Jeong, 2022]" in text
    assert first.select("div.from-book1")
    assert "Next: Chapter 2: Protocols" in text
    assert "Chapter 1: Chapter 1" not in text
    assert "[Source: Deepgram, 2025a]" in " ".join(second.get_text().split())
