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
    # a runbook (keep-together) asks for all its 20 lines plus 2: it moves whole when it fits a page
    assert re.search(r"\\Needspace\*\{22\\baselineskip\}\s*\\begin\{sphinxVerbatim\}.*?runbook line 1\b", tex, re.S)
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


# -- Issue 11: tables and code in the EPUB, for reading on a phone ----------------

def epub_page(app: SphinxTestApp, page: str) -> str:
    return (app.outdir / f"{page}.xhtml").read_text(encoding="utf-8")


def body_cells(page: str) -> list[list[tuple[str, str, str, str]]]:
    """(tag, data-label, scope, text) of every body cell, per body row."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    return [
        [(cell.name, cell.get("data-label"), cell.get("scope"), cell.get_text(strip=True)) for cell in row.find_all(["th", "td"])]
        for table in soup.find_all("table")
        for row in table.tbody.find_all("tr")
    ]


@pytest.mark.sphinx("epub", testroot="publication", srcdir="publication-epub", freshenv=True)
def test_epub_table_cells_carry_their_column_headings(app: SphinxTestApp) -> None:
    """Each body cell names its column (data-label) for the stacked layout; a row's first
    cell is its heading. The seven-column table needs more than 40em ("autoregressive",
    "considerable" side by side...): it stacks below 48em; the two-column one never does."""
    app.build()
    page = epub_page(app, "chapters/written")
    assert re.findall(r'<table class="([^"]*)"', page) == ["docutils align-default", "stack-48 docutils align-default"]
    labels = ["Framework", "Generation", "Best-fit models", "Batching", "Streaming state", "Multi-model", "Operational weight"]
    rows = body_cells(page)
    assert rows[0] == [("th", "A", "row", "1"), ("td", "B", None, "2")]
    assert rows[1] == [
        ("th", "Framework", "row", "TensorRT-LLM"),
        *[("td", label, None, text) for label, text in zip(labels[1:], [
            "third", "autoregressive decoders", "in-flight batching", "per-sequence", "one engine", "considerable"])],
    ]
    assert [cell[1] for cell in rows[2]] == labels and rows[2][0][:3] == ("th", "Framework", "row")
    assert '<th class="row-heading" data-label="Framework" scope="row"><p>Triton</p></th>' in page
    assert page.count('<th class="head">') == 2 + 7  # the header rows stay as they were


@pytest.mark.sphinx("epub", testroot="publication", srcdir="publication-epub-code", freshenv=True)
def test_epub_code_lines_are_spans(app: SphinxTestApp) -> None:
    app.build()
    page = epub_page(app, "chapters/written")
    assert (
        '<pre><span></span><span class="line">short block\n</span><span class="line">of three lines\n'
        '</span><span class="line">end\n</span></pre>'
    ) in page
    assert page.count('<span class="line">') == 3 + 20 + 20  # the short, long and keep-together blocks


@pytest.mark.sphinx("html", testroot="publication", srcdir="publication-html-unchanged", freshenv=True)
def test_the_website_keeps_plain_tables_and_code(app: SphinxTestApp) -> None:
    app.build()
    page = text(app, "chapters/written")
    assert "data-label" not in page and "row-heading" not in page and "stack-" not in page
    assert 'class="line' not in page
    assert "<pre><span></span>short block\nof three lines\nend\n</pre>" in page


def test_code_lines_keep_the_text_and_hold_each_indentation_to_its_first_character() -> None:
    """Pygments closes its spans at every line end: each line becomes one balanced
    span.line; the text is unchanged; an indented line's spaces and first character
    are one span.lead (no wrap right after the indentation) and its indent-N class
    sets the hanging indent."""
    import html

    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    from exts.publication.epub import code_lines

    source = 'def f(x):\n    """Doc\n    string."""\n\n    return x < 1  # "q"\n' + " " * 35 + "deep\n"
    highlighted = highlight(source, PythonLexer(), HtmlFormatter())
    lined = code_lines(highlighted)
    pre = re.search(r"<pre[^>]*>(.*)</pre>", lined, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", pre)) == source
    lines = re.findall(r'<span class="(line[^"]*)">(.*?)\n</span>(?=<span class="line|$)', pre.removeprefix("<span></span>"), re.S)
    assert [classes for classes, _ in lines] == ["line", "line indent-4", "line indent-4", "line", "line indent-4", "line indent-32"]
    for _, line in lines:
        assert line.count("<span") == line.count("</span>")
    assert re.sub(r"<[^>]+>", "", re.search(r'<span class="lead">(.*?</span>)</span>', lines[4][1]).group(1)) == "    r"
    assert code_lines('<div class="highlight"><pre><span class="s">"a\nb"</span>\n</pre></div>') == (
        '<div class="highlight"><pre><span class="s">"a\nb"</span>\n</pre></div>'
    )  # a span across lines (not Pygments' output): left as it is


def test_a_table_stacks_below_the_width_its_longest_words_need() -> None:
    from docutils import nodes

    from exts.publication.epub import BREAKABLE_LONGEST, stack_class

    def table(*rows: list[nodes.Node | str]) -> nodes.table:
        tgroup = nodes.tgroup(cols=len(rows[0]))
        tgroup += [nodes.colspec(colwidth=1) for _ in rows[0]]
        head, body = nodes.thead(), nodes.tbody()
        for part, cells in ((head, rows[0]), *((body, row) for row in rows[1:])):
            part += nodes.row("", *(nodes.entry("", nodes.paragraph("", "", c if isinstance(c, nodes.Node) else nodes.Text(c))) for c in cells))
        tgroup += [head, body]
        return nodes.table("", tgroup)

    assert stack_class(table(["A", "B"], ["one", "two"])) is None  # fits on a 320 px phone
    assert stack_class(table(["A", "B", "C"], ["x" * 12, "y" * 12, "z" * 12])) == "stack-30"
    assert stack_class(table(["A", "B", "C", "D", "E"], *[["w" * 12] * 5])) == "stack-40"
    assert stack_class(table(["A"] * 7, ["word" * 3] * 7)) == "stack-48"
    # inline code longer than BREAKABLE_LONGEST (20) may break: it counts as 20 characters
    assert BREAKABLE_LONGEST == 20
    assert stack_class(table(["A", "B"], [nodes.literal("", "x" * 60), "two"])) is None
    assert stack_class(table(["A", "B"], ["x" * 60, "two"])) == "stack-40"  # a word never breaks
