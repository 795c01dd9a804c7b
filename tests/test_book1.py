"""Book 1 references: the role, the callout, the generated table, links and unknown keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, warning_lines
from sphinx.testing.util import SphinxTestApp

from exts.book1.registry import load_registry

NETWORK = "Before the 3 AM Alert, Chapter 5: Network & Connection Optimization"


def page(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup(
        (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )


def refs(app: SphinxTestApp, docname: str) -> list[str]:
    return [" ".join(s.get_text().split()) for s in page(app, docname).select("span.book1-ref")]


@pytest.mark.sphinx("html", testroot="book1")
def test_role_renders_book_title_number_and_title_as_plain_text(app: SphinxTestApp) -> None:
    app.build()
    one = page(app, "chapters/one")
    assert refs(app, "chapters/one") == [
        NETWORK,
        "Before the 3 AM Alert, Chapter 9: Compute & Scaling",
        "Before the 3 AM Alert, Appendix A: Auth Fundamentals",
        NETWORK,
    ]
    assert one.select_one("span.book1-ref em").get_text() == "Before the 3 AM Alert"
    assert one.select("a.book1-link, span.book1-ref a") == []  # no URL configured: plain text


@pytest.mark.sphinx(
    "html", testroot="book1", confoverrides={"book1_base_url": "https://book1.example/"}
)
def test_role_links_when_the_base_url_is_configured(app: SphinxTestApp) -> None:
    app.build()
    links = [a["href"] for a in page(app, "chapters/one").select("a.reference.external")]
    assert links[0] == "https://book1.example/chapters/network.html"
    assert "https://book1.example/appendices/auth-fundamentals.html" in links


@pytest.mark.sphinx("html", testroot="book1")
def test_from_book1_callout_is_a_recap_then_the_reference(app: SphinxTestApp) -> None:
    app.build()
    callout = page(app, "chapters/one").select_one("div.admonition.from-book1")
    paragraphs = [" ".join(p.get_text().split()) for p in callout.find_all("p")]
    assert paragraphs == [
        "From Book 1",
        "Book 1 explains horizontal and vertical scaling.",
        "See Before the 3 AM Alert, Chapter 9: Compute & Scaling.",
    ]


@pytest.mark.sphinx("html", testroot="book1", freshenv=True)
def test_unknown_keys_warn_with_their_location(app: SphinxTestApp) -> None:
    app.build()
    source = Path(app.srcdir) / "chapters" / "two.md"
    registry = app.config.book1_registry_file
    assert warning_lines(app) == [
        f"{source}:3: WARNING: unknown Book 1 chapter 'nosuch' (keys are listed in {registry})"
        " [book1.unknown-key]",
        f"{source}:5: WARNING: unknown Book 1 chapter 'missing' (keys are listed in {registry})"
        " [book1.unknown-key]",
    ]


@pytest.mark.sphinx("html", testroot="book1")
def test_generated_page_lists_which_chapter_references_which_book1_chapter(
    app: SphinxTestApp,
) -> None:
    app.build()
    rows = page(app, "back/book1-references").select("table.book1-references tbody tr")
    table = [[" ".join(c.get_text(" ").split()) for c in row.find_all("td")] for row in rows]
    assert table == [
        [
            "Chapter 1: One",
            "Chapter 5: Network & Connection Optimization Chapter 9: Compute & Scaling Appendix"
            " A: Auth Fundamentals",
        ]
    ]
    assert rows[0].find("a")["href"] == "../chapters/one.html"


@pytest.mark.sphinx("html", testroot="book1", freshenv=True)
def test_generated_page_follows_an_edit_in_another_chapter(app: SphinxTestApp) -> None:
    app.build()
    two = Path(app.srcdir) / "chapters" / "two.md"
    original = two.read_text(encoding="utf-8")
    try:
        two.write_text("# Two\n\nSee {book1}`edge`.\n", encoding="utf-8")
        app.build()
        text = page(app, "back/book1-references").select_one("table.book1-references").get_text(" ")
        assert "Chapter 2: Two" in text and "Chapter 12: Geographic Optimization" in text
    finally:
        two.write_text(original, encoding="utf-8")


@pytest.mark.sphinx("latex", testroot="book1")
def test_latex_renders_the_reference_and_callout(app: SphinxTestApp) -> None:
    app.build()
    tex = (Path(app.outdir) / "book.tex").read_text(encoding="utf-8")
    assert (
        r"\sphinxstyleemphasis{Before the 3 AM Alert}, "
        r"Chapter 5: Network \& Connection Optimization" in tex
    )
    assert "From Book 1" in tex


def test_registry_matches_the_plan() -> None:
    registry, problems = load_registry(REPO / "bib" / "book1.toml")
    assert problems == []
    assert [c.key for c in registry.chapters] == [
        "introduction",
        "fundamentals",
        "observability",
        "monitoring",
        "network",
        "caching",
        "database",
        "async",
        "compute",
        "traffic",
        "auth-performance",
        "edge",
        "testing",
        "synthesis",
        "auth-fundamentals",
        "graphql",
    ]
    assert registry.get("auth-fundamentals").label == "Appendix A: Auth Fundamentals"
    assert registry.get("synthesis").label == "Chapter 14: Putting It All Together"


def test_registry_problems_are_located(tmp_path: Path) -> None:
    path = tmp_path / "book1.toml"
    path.write_text(
        '[[chapter]]\nkey = "a"\nnumber = 1\ntitle = "A"\n\n[[chapter]]\nkey = "a"\nnumber = 2\n'
        'title = "B"\n\n[[chapter]]\nkey = "c"\n',
        encoding="utf-8",
    )
    registry, problems = load_registry(path)
    assert [c.key for c in registry.chapters] == ["a"]
    assert [(p.message, p.line) for p in problems] == [
        ("key 'a' is listed twice", 6),
        ("chapter entry lacks number, title", 11),
    ]


@pytest.mark.sphinx("html", testroot="book1-intersphinx")
def test_role_links_through_book1s_inventory_first(app: SphinxTestApp) -> None:
    """network is in the inventory; edge is not, so it falls back on the base URL."""
    app.build()
    assert warning_lines(app) == []
    links = [a["href"] for a in page(app, "chapters/one").select("a.reference.external")]
    assert links == [
        "https://book1.example/v2/chapters/network.html",
        "https://fallback.example/chapters/edge.html",
    ]


@pytest.mark.sphinx("html", testroot="book1", confoverrides={"book1_base_url": 5}, freshenv=True)
def test_a_base_url_that_is_not_a_string_warns(app: SphinxTestApp) -> None:
    app.build()
    conf = Path(app.confdir) / "conf.py"
    assert (
        f"{conf}:1: WARNING: book1_base_url must be a string or None, not int [book1.config]"
        in (warning_lines(app))
    )


@pytest.mark.sphinx("html", testroot="book1", parallel=2, freshenv=True)
def test_parallel_build_gives_the_same_table(app: SphinxTestApp) -> None:
    app.build()
    text = page(app, "back/book1-references").select_one("table.book1-references").get_text(" ")
    assert "Chapter 1: One" in " ".join(text.split())
    assert "Chapter 9: Compute & Scaling" in " ".join(text.split())
    assert len(warning_lines(app)) == 2  # the two unknown keys, reported once each


@pytest.mark.sphinx(
    "html",
    testroot="book1",
    confoverrides={"book1_registry_file": "bad-registry.toml"},
    freshenv=True,
)
def test_registry_problems_are_located_warnings(app: SphinxTestApp) -> None:
    app.build()
    registry = Path(app.confdir) / "bad-registry.toml"
    assert (
        f"{registry}:6: WARNING: key 'network' is listed twice [book1.registry]"
        in warning_lines(app)
    )
    assert refs(app, "chapters/one")[0] == "Book 1, Chapter 5: Network"  # no title in the file
