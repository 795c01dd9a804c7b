"""Draft-only material and outline abstracts (exts.publication), in editions and drafts."""

from __future__ import annotations

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
