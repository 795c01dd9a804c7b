"""The website in a real browser: every page loads cleanly, navigation walks the
book, figures render, search works, and axe-core finds no serious violations.

Uses Debian's Chromium through Playwright (never a downloaded browser) and
axe-core from the npm registry (`make .cache/node_modules/axe-core/axe.min.js`).
"""

from __future__ import annotations

import functools
import http.server
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO, require_file, require_module, require_tool
from test_real_book import SOURCE

pytestmark = pytest.mark.realbook

AXE = REPO / ".cache" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def reading_order() -> list[str]:
    data = tomllib.loads((SOURCE / "book.toml").read_text(encoding="utf-8"))
    docs = ["index", *data["front"]["docs"]]
    docs += [doc for part in data["part"] for doc in part["chapters"]]
    return docs + data["appendices"]["docs"] + data["back"]["docs"]


@pytest.fixture(scope="module")
def site(built) -> Iterator[str]:
    """Serve the HTML build on 127.0.0.1 and yield its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built("html")))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = require_tool("chromium")
    sync_api = require_module("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems:
    """Console errors and failed requests seen while a page loads."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("requestfailed", lambda req: self.errors.append(f"failed: {req.url}"))
        page.on("response", lambda res: res.status >= 400 and self.errors.append(f"{res.status}: {res.url}"))


def test_every_page_loads_cleanly_with_visible_figures_and_no_serious_axe_violations(site, browser) -> None:
    axe = require_file(AXE, "run: make .cache/node_modules/axe-core/axe.min.js")
    page = browser.new_page()
    problems = PageProblems(page)
    serious: list[str] = []
    for docname in reading_order():
        page.goto(f"{site}{docname}.html", wait_until="load")
        for figure in page.locator("figure img, figure svg").all():
            box = figure.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, f"invisible figure on {docname}"
        page.add_script_tag(path=str(axe))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations'], preload: false})")
        serious += [
            f"{docname}: {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} nodes]"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    assert problems.errors == []
    assert serious == []


def test_sidebar_shows_the_five_parts_and_the_appendix(site, browser) -> None:
    page = browser.new_page()
    page.goto(f"{site}chapters/the-serving-problem.html")
    captions = [t.strip() for t in page.locator("nav.bd-docs-nav p.caption").all_inner_texts()]
    assert captions[:6] == [
        "Part I: Foundations", "Part II: Audio Streaming", "Part III: API Design",
        "Part IV: Enterprise", "Part V: Scale", "Appendices",
    ]
    assert "Appendix A: ML Inference for API Engineers" in page.locator("nav.bd-docs-nav").inner_text()


def test_next_and_previous_links_walk_the_whole_book_in_order(site, browser) -> None:
    page = browser.new_page()
    expected = reading_order()
    forward = [expected[0]]
    page.goto(f"{site}{expected[0]}.html")
    while page.locator("a.right-next").count():
        page.locator("a.right-next").first.click()
        page.wait_for_load_state()
        forward.append(page.url.removeprefix(site).removesuffix(".html"))
    assert forward == expected
    backward = [forward[-1]]
    while page.locator("a.left-prev").count():
        page.locator("a.left-prev").first.click()
        page.wait_for_load_state()
        backward.append(page.url.removeprefix(site).removesuffix(".html"))
    assert backward == list(reversed(expected))


def test_search_finds_a_word_from_the_last_chapter(site, browser) -> None:
    page = browser.new_page()
    page.goto(f"{site}search.html?q=runbook")
    page.wait_for_selector("#search-results ul li", timeout=15000)
    results = page.locator("#search-results").inner_text()
    assert "Chapter 16: Putting It All Together" in results


# -- Issue 11: the website at a desktop and a phone width ------------------------

WIDTHS = [1400, 390]
CHAPTER = "chapters/the-serving-problem"
VISIBLE_SEARCH = """() => [...document.querySelectorAll(
    '.search-button__button, form.bd-search input, input[type=search], input[name=q]')]
  .filter(el => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
      && !el.closest('dialog:not([open])');
  }).length"""
CAPTION_COLOURS = """() => [...document.querySelectorAll('figure figcaption')].map(caption => {
  let el = caption, background = 'rgba(0, 0, 0, 0)';
  while (el) {
    const colour = getComputedStyle(el).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { background = colour; break; }
    el = el.parentElement;
  }
  return [getComputedStyle(caption).color, background === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : background];
})"""


def luminance(colour: str) -> float:
    """WCAG relative luminance of a computed ``rgb(...)``/``rgba(...)`` colour."""
    values = [float(v) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
    linear = [v / 255 / 12.92 if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_ratio_follows_wcag() -> None:
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)"), 2) == 4.54


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figure_captions_meet_wcag_aa_contrast(site, browser, width: int, scheme: str) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(f"{site}{CHAPTER}.html")
    page.wait_for_function(f"document.documentElement.dataset.theme === '{scheme}'")
    colours = page.evaluate(CAPTION_COLOURS)
    weights = page.eval_on_selector_all("figure figcaption", "els => els.map(e => getComputedStyle(e).fontWeight)")
    page.close()
    assert len(colours) >= 3
    assert [round(contrast(fg, bg), 2) for fg, bg in colours if contrast(fg, bg) < 4.5] == []
    assert [w for w in weights if int(w) < 400] == []  # no 300-weight captions


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_shows_exactly_one_search_box(site, browser, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    counts = {}
    for docname in ("index", CHAPTER, "back/glossary", "search"):
        page.goto(f"{site}{docname}.html")
        counts[docname] = page.evaluate(VISIBLE_SEARCH)
    page.close()
    assert counts == {"index": 1, CHAPTER: 1, "back/glossary": 1, "search": 1}


@pytest.mark.parametrize("width", WIDTHS)
def test_search_result_links_to_the_section_and_shows_text_around_the_hit(site, browser, width: int) -> None:
    # words of one paragraph of Chapter 1's "From Trained Model to Production Endpoint"
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site}search.html?q=artifact+store+container+image")
    page.wait_for_selector("#search-results ul li p.context", timeout=20000)
    result = page.locator("#search-results ul li", has=page.locator(f'a[href*="{CHAPTER}.html"]')).first
    result.locator("p.context").wait_for()
    page.wait_for_function(
        "el => el.querySelector('a').hash !== ''", arg=result.element_handle(), timeout=5000
    )
    href = result.locator("a").first.get_attribute("href")
    excerpt = result.locator("p.context").inner_text()
    result.locator("a").first.click()
    page.wait_for_load_state()
    landed = page.evaluate("location.hash")
    heading = page.locator(f"section{landed} > h2, section{landed} > h3").first.inner_text()
    page.close()
    assert href.endswith(f"{CHAPTER}.html#from-trained-model-to-production-endpoint"), href
    assert landed == "#from-trained-model-to-production-endpoint"
    assert heading.startswith("From Trained Model to Production Endpoint")
    assert "artifact store" in excerpt  # text around the hit, not a run of section titles
    assert "Bridging the Gap" not in excerpt


@pytest.mark.parametrize("width", WIDTHS)
def test_a_diagram_opens_enlarged_on_click(site, browser, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site}{CHAPTER}.html")
    diagram = page.locator("figure.diagram a.diagram-enlarge").first
    inline_width = diagram.locator("svg").bounding_box()["width"]
    diagram.click()
    page.wait_for_load_state()
    url = page.url
    full_width = page.evaluate("document.documentElement.getBoundingClientRect().width")
    page.close()
    assert url.startswith(f"{site}_images/diagram-") and url.endswith(".svg")
    assert full_width >= 1.4 * inline_width, (full_width, inline_width)


@pytest.mark.parametrize("width", [390, 320])
def test_no_page_scrolls_sideways_on_a_phone(site, browser, width: int) -> None:
    """Every page of the book fits the screen's width: long words in references, inline
    code and headings wrap (wide tables scroll inside their own box)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    wider = {}
    for docname in reading_order():
        page.goto(f"{site}{docname}.html")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wider[docname] = scroll_width
    page.close()
    assert wider == {}


def test_epub_pages_fit_a_phone_screen_with_long_urls_wrapped(built, browser) -> None:
    """Every EPUB page rendered 390 px wide: nothing but code runs past the right edge."""
    epub = built("epub")
    page = browser.new_page(viewport={"width": 390, "height": 800})
    overflowing = {}
    for path in sorted(epub.rglob("*.xhtml")):
        page.goto(path.as_uri())
        found = page.evaluate("""() => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                       && !e.closest('pre'))
          .slice(0, 3).map(e => e.tagName + ': ' + e.textContent.slice(0, 60))""")
        if found:
            overflowing[path.relative_to(epub).as_posix()] = found
    page.close()
    assert len(list(epub.rglob("*.xhtml"))) > 20
    assert overflowing == {}


# Words split over two lines inside table cells: a word is a run without white space
# or hyphen/dash; the text of a long identifier or URL (class breakable) may break.
BROKEN_TABLE_WORDS = r"""() => {
  const broken = [], wide = [];
  const width = document.documentElement.clientWidth;
  for (const table of document.querySelectorAll('table')) {
    if (table.getBoundingClientRect().right > width + 1) wide.push(table.textContent.trim().slice(0, 50));
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest('.breakable')) continue;
      const words = /[^\s\-\u2010\u2013\u2014]+/g;
      let match;
      while ((match = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return {broken, wide, page: document.documentElement.scrollWidth > width};
}"""


@pytest.mark.parametrize("width", [320, 390, 768])
def test_epub_table_cells_break_no_word_on_a_phone_or_a_tablet(built, browser, width: int) -> None:
    """Issue 11: "~64,300" showed as "~6 / 4,3 / 00" at 390 px (630 words broken there).
    A table too wide for the screen now stacks (one row a block), so no word in a cell
    breaks, no table runs past the edge and no page is wider than the screen."""
    epub = built("epub")
    page = browser.new_page(viewport={"width": width, "height": 800})
    problems = {}
    for path in sorted(epub.rglob("*.xhtml")):
        page.goto(path.as_uri())
        result = page.evaluate(BROKEN_TABLE_WORDS)
        if result["broken"] or result["wide"] or result["page"]:
            problems[path.relative_to(epub).as_posix()] = result
    page.goto((epub / "chapters" / "model-serving-frameworks.xhtml").as_uri())
    display = page.evaluate("() => getComputedStyle(document.querySelector('#tbl-frameworks-comparison td')).display")
    page.close()
    assert problems == {}
    assert display == "grid"  # Table 2.1 stacks up to 48em (768 px): each cell a label | value grid
