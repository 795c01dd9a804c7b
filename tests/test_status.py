"""Status: declared status, counts per document, the matrix (page and builder), the outline."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp

from exts.status.model import Target, load_targets

MATRIX = """\
| Ch | Title | Status | Words | Diagrams | Citations | Book 1 refs |
| --- | --- | --- | --- | --- | --- | --- |
| - | Preface | final | 4 / 1-5 | 0 / 0 | 0 | 0 |
| 1 | Counted | draft | 14 / 10-20 | 2 / 2 | 2 | 1 |
| 2 | Unset | ? | 1 | 0 | 0 | 0 |
| 3 | Odd | done | 1 | 0 | 0 | 0 |
|  | Total |  | 20 | 2 | 2 | 1 |
"""


@pytest.mark.sphinx("status", testroot="status", freshenv=True)
def test_status_builder_writes_the_matrix_and_warns_about_status(app: SphinxTestApp) -> None:
    """Words leave out the plan, captions, code, tables, titles and references.

    Citations are distinct keys.
    """
    app.build()
    assert (Path(app.outdir) / "status.md").read_text(encoding="utf-8") == MATRIX
    src = Path(app.srcdir)
    assert warning_lines(app) == [
        f"{src / 'targets.toml'}:9: WARNING: [broken] needs words = [min, max] and diagrams = n"
        " [status.targets]",
        f"{src / 'chapters/odd.md'}:1: WARNING: unknown status 'done' (one of outline, draft,"
        " review, final)"
        " [status.unknown]",
        f"{src / 'chapters/unset.md'}:1: WARNING: no status in the front matter (one of outline,"
        " draft, review,"
        " final) [status.missing]",
    ]


@pytest.mark.sphinx("html", testroot="status")
def test_status_page_shows_the_same_matrix(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup(
        (Path(app.outdir) / "status.html").read_text(encoding="utf-8"), "html.parser"
    )
    rows = [
        [td.get_text(strip=True) for td in tr.find_all(["td", "th"])]
        for tr in page.select("table.status-matrix tr")
    ]
    expected = [
        [cell.strip() for cell in line.strip("|").split("|")] for line in MATRIX.splitlines()
    ]
    assert rows == [expected[0], *expected[2:]]


@pytest.mark.sphinx("html", testroot="status", freshenv=True)
def test_status_page_follows_an_edit_in_a_chapter(app: SphinxTestApp) -> None:
    app.build()
    odd = Path(app.srcdir) / "chapters" / "odd.md"
    original = odd.read_text(encoding="utf-8")
    try:
        odd.write_text(
            "---\nstatus: review\n---\n\n# Odd\n\nNow five words of text.\n", encoding="utf-8"
        )
        app.build()
        page = BeautifulSoup(
            (Path(app.outdir) / "status.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert ["3", "Odd", "review", "5", "0", "0", "0"] in [
            [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in page.select("table.status-matrix tr")
        ]
    finally:
        odd.write_text(original, encoding="utf-8")


@pytest.mark.sphinx("outline", testroot="status")
def test_outline_builder_writes_every_heading_numbered(app: SphinxTestApp) -> None:
    app.build()
    assert (Path(app.outdir) / "outline.md").read_text(encoding="utf-8").rstrip("\n").split(
        "\n\n"
    ) == [
        "# Status Book",
        "## Preface",
        "## Part I: Only",
        "### Chapter 1: Counted",
        "#### 1.1 Overview",
        "##### 1.1.1 Detail",
        "### Chapter 2: Unset",
        "### Chapter 3: Odd",
    ]


def test_targets_are_read_with_located_problems(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text("[a]\nwords = [1, 2]\ndiagrams = 3\n\n[b]\nwords = [9, 1]\n", encoding="utf-8")
    targets, problems = load_targets(path)
    assert targets == {"a": Target((1, 2), 3)}
    assert [(p.message, p.line) for p in problems] == [
        ("[b] needs words = [min, max] and diagrams = n", 5)
    ]


@pytest.mark.sphinx("status", testroot="status", parallel=2, freshenv=True)
def test_parallel_read_gives_the_same_matrix(app: SphinxTestApp) -> None:
    app.build()
    assert (Path(app.outdir) / "status.md").read_text(encoding="utf-8") == MATRIX
