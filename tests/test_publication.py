"""Draft-only material and outline abstracts (exts.publication), in editions and drafts."""

from __future__ import annotations

import re

import pytest
from sphinx.testing.util import SphinxTestApp


def text(app: SphinxTestApp, page: str) -> str:
    return (app.outdir / f"{page}.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="publication", freshenv=True)
def test_an_edition_shows_no_draft_material_and_outlines_as_abstracts(app: SphinxTestApp) -> None:
    app.build()
    outlined, written = text(app, "chapters/outlined"), text(app, "chapters/written")
    assert "Planned diagrams" not in outlined and "Cite RFC 4648" not in written
    assert "The abstract a reader of an edition sees." in outlined
    assert "This chapter is in preparation." in outlined
    assert "Planned detail only a draft shows." not in outlined and "Bridging the Gap" not in outlined
    assert "Finished text." in written


@pytest.mark.sphinx("html", testroot="publication", freshenv=True, tags=["draft"])
def test_a_draft_build_shows_everything(app: SphinxTestApp) -> None:
    app.build()
    outlined, written = text(app, "chapters/outlined"), text(app, "chapters/written")
    assert "Planned diagrams" in outlined and "Cite RFC 4648" in written
    assert "Planned detail only a draft shows." in outlined
    assert "in preparation" not in outlined


@pytest.mark.sphinx("latex", testroot="publication", freshenv=True)
def test_latex_tables_are_longtables_with_given_widths(app: SphinxTestApp) -> None:
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\begin{longtable}" in tex and r"\X{" in tex and r"\begin{tabulary}" not in tex
    assert "\\begingroup\\small" in tex


def stacked_tables(tex: str) -> list[str]:
    """The column specifications of the longtables in a .tex file."""
    return re.findall(r"\\begin\{longtable\}\{([^\n]*)\}\n", tex)


@pytest.mark.sphinx("latex", testroot="publication", srcdir="publication-print", freshenv=True)
def test_a_wide_table_keeps_its_columns_in_print(app: SphinxTestApp) -> None:
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert [spec.count(r"\X{") for spec in stacked_tables(tex)] == [2, 7]


@pytest.mark.sphinx(
    "latex", testroot="publication", srcdir="publication-mobile", freshenv=True, tags=["mobile"]
)
def test_a_table_too_wide_for_the_phone_page_is_stacked(app: SphinxTestApp) -> None:
    """Seven columns whose longest words ("autoregressive", "considerable") cannot sit
    side by side on a 281 pt line even at 8 pt: each row becomes a block, its first
    cell a bold heading across both columns, then one "column heading | cell" line
    per other cell."""
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert [spec.count(r"\X{") for spec in stacked_tables(tex)] == [2, 2]
    wide = tex[tex.rindex(r"\begin{longtable}") : tex.rindex(r"\end{longtable}")]
    assert wide.count(r"\multicolumn{2}") == 2  # one heading row per framework
    assert r"\sphinxstylestrong{TensorRT" in wide and r"\sphinxstylestrong{Triton}" in wide
    order = [wide.index(text) for text in ("TensorRT", "Generation", "third", "Operational", "considerable", "Triton")]
    assert order == sorted(order)
    assert "autoregressive decoders" in wide and "sequence batcher" in wide


def test_a_no_break_space_joins_a_number_to_its_unit() -> None:
    """A fact renders as "30\u00a0ms", which LaTeX cannot break: one word, five characters
    (Python's ``str.split()`` would split it and size the column for "30")."""
    from exts.publication.tables import words

    assert words("B at 30\u00a0ms") == ["B", "at", "30\u00a0ms"]
    assert words("TensorRT-LLM, vLLM/SGLang") == ["TensorRT-", "LLM,", "vLLM/", "SGLang"]


@pytest.mark.sphinx("latex", testroot="publication", srcdir="publication-blocks", freshenv=True)
def test_code_blocks_ask_for_room_before_they_start(app: SphinxTestApp) -> None:
    """A three-line block is one unbreakable box (it moves whole, whatever floats the page
    holds); a 20-line block asks for its first 6 lines plus 2 for the frame."""
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "\\usepackage{needspace}" in tex
    short = re.search(
        r"\\sphinxverbatimwithminipagetrue\s*\\begin\{sphinxVerbatim\}.*?short block.*?"
        r"\\end\{sphinxVerbatim\}\s*\\sphinxverbatimwithminipagefalse",
        tex,
        re.S,
    )
    assert short, "the short block is not boxed, or the switch is left on after it"
    assert "Needspace" not in tex[tex.rindex("\n\n", 0, short.start()) : short.end()]
    assert re.search(r"\\Needspace\*\{8\\baselineskip\}\s*\\begin\{sphinxVerbatim\}.*?long block line 1\b", tex, re.S)
    assert tex.count("\\sphinxverbatimwithminipagetrue") == 1  # the long block may split
    # a one-line note: 3 lines of title and padding, 1 of text, 2 of frame
    assert re.search(r"\\Needspace\*\{6\\baselineskip\}\s*\\begin\{sphinxadmonition\}\{note\}", tex)


def test_a_long_code_block_asks_only_for_its_first_lines() -> None:
    from exts.publication.blocks import room_needed

    assert [room_needed(n) for n in (1, 15, 16, 60)] == [3, 17, 8, 8]


def test_a_long_code_line_counts_as_the_lines_it_wraps_to() -> None:
    """Chapter 2's pre-warming block: 6 lines written, 10 printed on the phone page."""
    from exts.publication.blocks import printed_lines

    block = "on_start():\n" + "x" * 48 + "\n" + "y" * 84 + "\n" + "z" * 42
    assert printed_lines(block, 42) == 1 + 2 + 2 + 1
    assert printed_lines(block, 70) == 1 + 1 + 2 + 1
    assert printed_lines("", 42) == 1


def test_a_box_asks_for_its_title_and_its_wrapped_paragraphs() -> None:
    """A "From Book 1" note of a 120-character paragraph and a 30-character one, at 48
    characters a line (the phone page): 3 (title) + 3 + 1 lines."""
    from docutils import nodes

    from exts.publication.blocks import box_lines

    box = nodes.admonition("", nodes.paragraph("", "x" * 120), nodes.paragraph("", "y" * 30))
    assert box_lines(box, 48) == 7
    assert box_lines(box, 80) == 3 + 2 + 1
