"""book.toml mistakes that used to be silent, and pages of deleted documents.

Two listed documents with the same slug, and a book.toml listing the root
document, are one located warning at book.toml each; after a chapter is
deleted, an incremental build leaves no page of it in the output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import warning_lines


def structure_copy(rootdir: Path, tmp_path: Path) -> Path:
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-structure", srcdir)
    return srcdir


def test_same_slug_and_listed_root_are_warned_at_book_toml(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = structure_copy(rootdir, tmp_path)
    (srcdir / "appendices/gamma.md").write_text("# Gamma Appendix\n\nMore gamma.\n", encoding="utf-8")
    toml = srcdir / "book.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('docs = ["front/preface"]', 'docs = ["index", "front/preface"]')
    text = text.replace('docs = ["appendices/primer"]', 'docs = ["appendices/primer", "appendices/gamma"]')
    toml.write_text(text, encoding="utf-8")
    app: SphinxTestApp = make_app("html", srcdir=srcdir)
    app.build()
    assert warning_lines(app) == [
        f"{toml}:2: WARNING: 'index' is the root document (the title page with the contents): it cannot be"
        " listed in the book; remove it [book.root-listed]",
        f"{toml}:13: WARNING: 'appendices/gamma' has the slug 'gamma' of 'chapters/gamma' (line 10): chapter"
        " references to 'gamma' would be ambiguous; rename one of them [book.duplicate-slug]",
    ]
    preface = BeautifulSoup((Path(app.outdir) / "front/preface.html").read_text(encoding="utf-8"), "html.parser")
    link = preface.select_one("a.reference.internal[href$='gamma.html']")
    assert link is not None and link["href"].endswith("chapters/gamma.html")  # the first keeps the slug


@pytest.mark.parametrize(("builder", "suffix"), [("html", "html"), ("epub", "xhtml")])
def test_a_deleted_chapter_leaves_no_page_after_an_incremental_build(
    make_app, rootdir: Path, tmp_path: Path, builder: str, suffix: str
) -> None:
    srcdir = structure_copy(rootdir, tmp_path)
    first = make_app(builder, srcdir=srcdir)
    first.build()
    page = Path(first.outdir) / f"chapters/gamma.{suffix}"
    assert page.is_file()
    first.cleanup()
    (srcdir / "chapters/gamma.md").unlink()
    (srcdir / "front/preface.md").write_text("# Preface\n\nWhy this book.\n", encoding="utf-8")
    toml = srcdir / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        '[[part]]\ntitle = "Second Things"\nchapters = ["chapters/gamma"]\n', ""), encoding="utf-8")
    second = make_app(builder, srcdir=srcdir)
    second.build()
    assert warning_lines(second) == []
    assert not page.exists()
    assert (Path(second.outdir) / f"chapters/alpha.{suffix}").is_file()
