"""Pandoc-era Markdown builds unchanged and renders the structure the native syntax does."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import warning_lines
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from exts.legacy.lines import NEWPAGE_ROLE, rewrite


def body(app: SphinxTestApp, docname: str) -> str:
    """The chapter's doctree without what differs by position: its label and Next link."""
    doctree = app.env.get_doctree(docname)
    top = next(iter(doctree.findall(nodes.section)))
    return "".join(
        child.pformat() for child in top.children[1:] if "book-next" not in child.get("classes", [])
    )


@pytest.mark.sphinx("html", testroot="legacy", freshenv=True)
def test_pandoc_chapter_renders_the_native_structure(app: SphinxTestApp) -> None:
    app.build()
    assert not [
        w for w in warning_lines(app) if "pandoc.md" in w or "native.md" in w or "preface.md" in w
    ]
    native, pandoc = body(app, "chapters/native"), body(app, "chapters/pandoc")
    assert pandoc.startswith(native)  # the pandoc chapter adds only its code block
    assert '<admonition classes="from-book1">' in native and '<raw format="latex"' in native
    assert "\\newpage and # Chapter 9: In Code stay as written." in pandoc
    assert app.env.titles["chapters/pandoc"].astext() == "Chapter 2: Streams"
    assert app.env.titles["front/preface"].astext() == "Preface"
    assert "{" not in app.env.get_doctree("front/preface").astext()


@pytest.mark.sphinx("html", testroot="legacy", freshenv=True)
def test_mismatched_numbers_next_links_and_vague_callouts_warn(app: SphinxTestApp) -> None:
    app.build()
    source = f"{Path(app.srcdir) / 'chapters' / 'last.md'}"
    assert [w.removeprefix(source) for w in warning_lines(app) if w.startswith(source)] == [
        ":5: WARNING: the title says 'Chapter 4' but book.toml makes it Chapter 3; write the"
        " title without a"
        " number [legacy.chapter-number]",
        ":29: WARNING: the written Next link names Chapter 4 (nowhere) but the structure has no"
        " Next link (this is"
        " the last chapter); the Next link is generated, delete this line [legacy.next-link]",
        ":9: WARNING: a 'From Book 1' quote must name exactly one Book 1 chapter ('Chapter N' or"
        " 'Appendix A')"
        " [legacy.book1-callout]",
        ":9: WARNING: 'Chapter 5' is a typed number: use a reference ({chapter}, {numref}, {book1})"
        " [conventions.hardcoded-number]",
        ":9: WARNING: 'Chapter 9' is a typed number: use a reference ({chapter}, {numref}, {book1})"
        " [conventions.hardcoded-number]",
    ]


@pytest.mark.sphinx("html", testroot="legacy")
def test_html_has_the_callout_and_no_page_break_or_written_next(app: SphinxTestApp) -> None:
    app.build()
    html = (Path(app.outdir) / "chapters" / "pandoc.html").read_text(encoding="utf-8")
    assert (
        'See <span class="book1-ref"><em>Before the 3 AM Alert</em>, '
        "Chapter 5: Network &amp; Connection"
        " Optimization</span>."
    ) in html
    assert "clearpage" not in html
    assert html.count("Next:") == 1  # the generated link only


@pytest.mark.sphinx("latex", testroot="legacy")
def test_latex_gets_the_page_break(app: SphinxTestApp) -> None:
    app.build()
    tex = (Path(app.outdir) / "book.tex").read_text(encoding="utf-8")
    for docname in ("native", "pandoc"):  # native and pandoc alike
        assert f"\\label{{\\detokenize{{chapters/{docname}::doc}}}}\n\\clearpage\n" in tex


def test_line_rewrites_keep_line_numbers_and_skip_code() -> None:
    text = (
        "# Chapter 7: Title\n\\newpage\n```\n\\newpage\n```\n"
        "## Part {-}\n~~~\n# Appendix A: X\n~~~\n"
    )
    rewritten, titles = rewrite(text)
    assert rewritten.split("\n") == [
        "# Title",
        NEWPAGE_ROLE,
        "```",
        "\\newpage",
        "```",
        "## Part",
        "~~~",
        "# Appendix A: X",
        "~~~",
        "",
    ]
    assert [(t.line, t.kind, t.label) for t in titles] == [(1, "Chapter", "7")]
