"""Hostile sources in a real browser: no script runs, no request leaves 127.0.0.1.

The chapter of tests/roots/test-browser-hostile carries every known sanitizer
bypass in its diagrams, raw HTML with script, and cites a .bib entry whose
url is ``javascript:``. The page is loaded in Debian's Chromium (Playwright),
every element is clicked and hovered, and every link is followed by script.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import require_module, require_tool
from test_website_browser import CHROMIUM_ARGS

RECORD = """
window.__ran = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (...args) => { window.__ran.push(name + ':' + args.join(',')); };
}
"""


@pytest.fixture
def site(make_app, rootdir: Path, tmp_path: Path) -> Iterator[str]:
    app: SphinxTestApp = make_app("html", srcdir=rootdir / "test-browser-hostile",
                                  builddir=tmp_path / "build")
    app.build()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(app.outdir))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_no_script_runs_and_no_request_leaves_the_host(site: str) -> None:
    chromium = require_tool("chromium")
    sync_api = require_module("playwright.sync_api")
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.route("**/*", lambda route: (requests.append(route.request.url), route.continue_()
                   if route.request.url.startswith(site) else route.abort()))
        page.add_init_script(RECORD)
        page.goto(f"{site}chapters/alpha.html", wait_until="load")
        page.evaluate("""() => {
          for (const el of document.querySelectorAll('article *, svg *')) {
            for (const type of ['mouseover', 'mouseenter', 'click', 'focus', 'load', 'error']) {
              el.dispatchEvent(new Event(type, {bubbles: true}));
            }
          }
        }""")
        page.wait_for_timeout(1500)  # SVG animations (<set begin="0s">) and late loads
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        ran = page.evaluate("window.__ran")
        page.evaluate("alert('probe')")  # the recorder itself works
        probe = page.evaluate("window.__ran")
        svg_count = page.locator("figure.diagram svg").count()
        browser.close()
    outside = [url for url in requests if not url.startswith(site) and not url.startswith("data:")]
    assert outside == []
    assert dialogs == [] and ran == []
    assert probe == ["alert:probe"]
    assert [href for href in links if href.strip().lower().startswith(("javascript", "data", "vbscript"))] == []
    assert svg_count == 3
