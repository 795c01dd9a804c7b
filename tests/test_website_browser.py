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
