"""The real book builds with -W in every format, with its structure intact."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, sphinx_build

pytestmark = pytest.mark.realbook

SOURCE = REPO / "source"


def reading_order() -> tuple[list[str], list[str]]:
    """Chapter and appendix docnames in book.toml order."""
    data = tomllib.loads((SOURCE / "book.toml").read_text(encoding="utf-8"))
    chapters = [doc for part in data["part"] for doc in part["chapters"]]
    return chapters, data["appendices"]["docs"]


CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def cited_keys(docname: str) -> set[str]:
    """The bib keys a document cites with a cite role, read from its Markdown source."""
    text = (SOURCE / f"{docname}.md").read_text(encoding="utf-8")
    return {key.strip() for match in CITE_ROLE.finditer(text) for key in match[1].split(",")}


def diagram_sources() -> set[str]:
    """Every diagram file a ``{diagram}`` directive of the book names, from the Markdown."""
    pattern = re.compile(r"^\s*(?:```+|:::+)\{diagram\}\s+(\S+)", re.M)
    return {
        match[1]
        for path in SOURCE.rglob("*.md")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    }


def html_page(outdir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def test_html_numbers_every_chapter_and_links_the_next(built) -> None:
    outdir = built("html")
    chapters, appendices = reading_order()
    assert len(chapters) == 16
    sequence = chapters + appendices
    labels = [f"Chapter {n}: " for n in range(1, 17)] + ["Appendix A: "]
    for index, (docname, label) in enumerate(zip(sequence, labels, strict=True)):
        page = html_page(outdir, docname)
        assert page.find("h1").get_text().startswith(label), docname
        next_paragraph = page.find("p", class_="book-next")
        if index + 1 < len(sequence):
            target = sequence[index + 1]
            link = next_paragraph.find("a")
            assert next_paragraph.get_text(" ", strip=True).startswith(f"Next: {labels[index + 1]}")
            assert (outdir / Path(docname).parent / link["href"]).resolve() == (outdir / f"{target}.html").resolve()
        else:
            assert next_paragraph is None
    assert html_page(outdir, "front/preface").find("h1").get_text().startswith("Preface")


def test_every_asset_link_carries_the_checksum_of_the_file_served(built) -> None:
    """``?v=`` on a stylesheet or script is the CRC-32 of the file in ``_static`` (Sphinx's
    cache-busting): a page naming another checksum makes browsers keep a stale copy. After a clean
    build the theme's pygments.css, rewritten once the pages were written, did not match."""
    import zlib

    html = built("html")
    checked = set()
    for page in [html / "index.html", *sorted((html / "chapters").glob("*.html"))]:
        for path, checksum in re.findall(r'"(?:\.\./)*(_static/[^"?]+)\?v=([0-9a-f]{8})"', page.read_text(encoding="utf-8")):
            content = (html / path).read_bytes().translate(None, b"\r")
            assert checksum == f"{zlib.crc32(content):08x}", f"{page.name}: {path}"
            checked.add(path)
    assert "_static/pygments.css" in checked and len(checked) >= 5


def test_latex_has_five_parts_in_order_and_the_appendix_after_appendix(built) -> None:
    tex = next(built("latex").glob("*.tex")).read_text(encoding="utf-8")
    parts = re.findall(r"^\\part\{([^}]*)\}", tex, re.M)
    assert parts == ["Foundations", "Audio Streaming", "API Design", "Enterprise", "Scale"]
    assert len(re.findall(r"^\\chapter\{", tex.split(r"\mainmatter")[1].split("\n\\appendix")[0], re.M)) == 16
    after_appendix = tex.split("\n\\appendix\n", 1)[1]
    assert re.search(r"^\\chapter\{ML Inference for API Engineers\}", after_appendix, re.M)


def test_epub_navigation_nests_chapters_under_parts(built) -> None:
    nav = BeautifulSoup((built("epub") / "nav.xhtml").read_text(encoding="utf-8"), "html.parser")
    top = nav.find("nav").find("ol").find_all("li", recursive=False)
    parts = [li for li in top if li.find("a").get_text().startswith("Part ")]
    assert [li.find("a").get_text() for li in parts] == [
        "Part I: Foundations", "Part II: Audio Streaming", "Part III: API Design",
        "Part IV: Enterprise", "Part V: Scale",
    ]
    nested = [a.get_text() for li in parts for a in li.find("ol").find_all("a", recursive=True)
              if a.get_text().startswith("Chapter ")]
    assert [t.split(":")[0] for t in nested] == [f"Chapter {n}" for n in range(1, 17)]
    assert any(li.find("a").get_text().startswith("Appendix A: ") for li in top)


def test_html_has_the_book1_table_and_no_status_page(built) -> None:
    outdir = built("html")
    assert not (outdir / "status.html").exists()  # draft builds only (-t draft)
    table = html_page(outdir, "back/book1-references").select_one("table.book1-references")
    rows = {
        cells[0].get_text(" ", strip=True): cells[1].get_text(" ", strip=True)
        for cells in (tr.find_all("td") for tr in table.select("tbody tr"))
    }
    network = "Chapter 5: Network & Connection Optimization"
    assert rows["Chapter 5: Streaming Audio Architecture"] == network
    security = rows["Chapter 11: Security for Audio ML APIs"]
    assert "Chapter 11: Authentication Performance" in security


def test_status_builder_prints_a_row_per_document(tmp_path: Path) -> None:
    """What `make status` prints; with -t draft (and -W) the status page is read too."""
    result = sphinx_build("status", tmp_path / "status", "-t", "draft")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "doctrees-status" / "status.doctree").is_file()
    lines = (tmp_path / "status" / "status.md").read_text(encoding="utf-8").splitlines()
    chapters, appendices = reading_order()
    # header and rule, the preface, chapters, the appendix, the total
    assert len(lines) == 2 + 1 + len(chapters) + len(appendices) + 1
    labels = [line.split(" | ")[0] for line in lines[3:-1]]
    assert labels == [f"| {n}" for n in range(1, 17)] + ["| A"]


def test_works_cited_is_back_matter_in_every_format(built) -> None:
    page = html_page(built("html"), "back/works-cited")
    assert page.find("h1").get_text().rstrip("#¶").strip() == "Works Cited"
    # The book cites sources: an empty page ("No sources are cited yet.") is a failure.
    assert "No sources are cited yet." not in page.get_text()
    assert len(page.select("div.works-cited")) == 1
    # One section per citing document, in reading order, each listing at least as
    # many entries as the document cites distinct keys with {cite:p} (read here
    # from the Markdown sources, independently of the extension); {fact} roles
    # cite their facts' sources too, so a section may list more.
    chapters, appendices = reading_order()
    cited = {doc: cited_keys(doc) for doc in chapters + appendices}
    sections = page.select("section[id^=works-cited-]")
    citing = [doc for doc in chapters + appendices if cited[doc]]
    assert len(citing) >= 16
    assert [s["id"] for s in sections] == [f"works-cited-{doc.replace('/', '-')}" for doc in citing]
    for doc, section in zip(citing, sections, strict=True):
        assert 1 <= len(cited[doc]) <= len(section.select("li")), doc
    tex = next(built("latex").glob("*.tex")).read_text(encoding="utf-8")
    assert re.search(r"^\\backmatter\n(?:.*\n)*?\\chapter\{Works Cited\}", tex, re.M)
    assert "thebibliography" not in tex
    assert (built("epub") / "back" / "works-cited.xhtml").is_file()


def test_html_has_the_generated_list_of_diagrams(built) -> None:
    outdir = built("html")
    page = html_page(outdir, "back/diagrams")
    assert page.find("h1").get_text().startswith("List of Diagrams")
    assert page.find("link", href=re.compile(r"^\.\./_static/diagrams\.css"))


def test_latex_includes_a_vector_pdf_for_every_diagram(built) -> None:
    outdir = built("latex")
    tex = next(outdir.glob("*.tex")).read_text(encoding="utf-8")
    included = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{(diagram-[0-9a-f]+)\}\.pdf\}", tex)
    # Absolute: one graphic per diagram directive of the book (two empty sets would
    # also be equal, when LaTeX drops every diagram).
    sources = diagram_sources()
    assert len(sources) >= 70
    assert len(included) == len(sources)
    assert set(included) == {p.stem for p in outdir.glob("diagram-*.pdf")}
    assert "Diagram not available" not in tex
    for name in set(included):
        assert (outdir / f"{name}.pdf").read_bytes().startswith(b"%PDF")
