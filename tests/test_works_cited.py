"""Works cited: inline form, per-chapter References in every format, the Works
Cited page, located warnings, incremental builds."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp

ALPHA_KEYS = ["google2024gemini", "kwon2023efficient", "yu2022orca"]  # sorted by author


def page(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup(
        (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )


def inline_citations(soup: BeautifulSoup) -> list[str]:
    return [span.get_text() for span in soup.select("span.bibtex-citation")]


def references(soup: BeautifulSoup) -> list:
    section = soup.find("section", class_="book-references")
    return section.select("li") if section else []


@pytest.mark.sphinx("html", testroot="works-cited")
def test_html_inline_citations_take_the_seeds_form(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert inline_citations(page(app, "chapters/alpha")) == [
        "[Source: Kwon et al., 2023; Yu et al., 2022]",
        "[Source: Google, 2024a]",
    ]
    assert inline_citations(page(app, "chapters/beta")) == [
        "[Source: Google, 2024a; Google, 2024b]",
        "[Source: Smith and Jones, 2021]",
        "[Source: Kwon et al., 2023]",
    ]


@pytest.mark.sphinx("html", testroot="works-cited")
def test_html_chapter_ends_with_exactly_its_references_before_next(app: SphinxTestApp) -> None:
    app.build()
    alpha = page(app, "chapters/alpha")
    items = references(alpha)
    assert [li["id"] for li in items] == [f"cite-{key}" for key in ALPHA_KEYS]
    assert [li.find("strong").get_text() for li in items] == [
        "Google, 2024a.",
        "Kwon et al., 2023.",
        "Yu et al., 2022.",
    ]
    assert [li.find("a", class_="reference external")["href"] for li in items] == [
        "https://ai.google.dev/api",
        "https://doi.org/10.1145/3600006.3613165",
        "https://www.usenix.org/conference/osdi22/presentation/yu",
    ]
    links = [a["href"] for span in alpha.select("span.bibtex-citation") for a in span.find_all("a")]
    assert sorted(links) == sorted(f"#cite-{key}" for key in ALPHA_KEYS)
    section = alpha.find("section", class_="book-references")
    assert section.find("h2").get_text().rstrip("#¶") == "References"
    assert section.find_next_sibling("p", class_="book-next") is not None
    assert not references(page(app, "chapters/delta"))
    assert len(references(page(app, "chapters/beta"))) == 4


@pytest.mark.sphinx("latex", testroot="works-cited")
def test_latex_keeps_each_references_list_in_its_chapter(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (Path(app.outdir) / "book.tex").read_text(encoding="utf-8")
    assert "thebibliography" not in tex
    alpha = tex.split(r"\chapter{Alpha}")[1].split(r"\chapter{Beta}")[0]
    body, refs = alpha.split(r"\section{References}")
    anchors = re.findall(r"\\hypertarget\{cite\.chapters/alpha:cite-([^}]+)\}", refs)
    assert anchors == ALPHA_KEYS
    assert re.findall(r"\\hyperlink\{cite\.([^}]+)\}", body) == [
        f"chapters/alpha:cite-{key}"
        for key in ("kwon2023efficient", "yu2022orca", "google2024gemini")
    ]
    assert (
        "[}Source: \\hyperlink{cite.chapters/alpha:cite-kwon2023efficient}{Kwon et al., 2023}; "
        in body
    )
    assert refs.index("cite-yu2022orca") < refs.index(r"\sphinxstylestrong{Next: ")
    assert (
        r"\section{References}"
        not in tex.split(r"\chapter{Delta}")[1].split(r"\chapter{Works Cited}")[0]
    )


@pytest.mark.sphinx("epub", testroot="works-cited")
def test_epub_chapter_ends_with_exactly_its_references(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    alpha = BeautifulSoup(
        (Path(app.outdir) / "chapters" / "alpha.xhtml").read_text(encoding="utf-8"), "html.parser"
    )
    assert [li["id"] for li in references(alpha)] == [f"cite-{key}" for key in ALPHA_KEYS]
    assert inline_citations(alpha)[0] == "[Source: Kwon et al., 2023; Yu et al., 2022]"


@pytest.mark.sphinx("html", testroot="works-cited")
def test_works_cited_page_computes_frequent_works_and_lists_sources_by_chapter(
    app: SphinxTestApp,
) -> None:
    app.build()
    soup = page(app, "back/works-cited")
    rows = soup.select("table.works-cited-frequent tbody tr")
    table = [
        (row.find("strong").get_text(), [a.get_text() for a in row.find_all("td")[1].find_all("a")])
        for row in rows
    ]
    chapters = ["Chapter 1: Alpha", "Chapter 2: Beta", "Chapter 3: Gamma"]
    assert table == [("Google, 2024a.", chapters), ("Kwon et al., 2023.", chapters)]
    by_chapter = {
        section.find("h2").get_text().rstrip("#¶"): [
            li.find("strong").get_text() for li in section.select("li")
        ]
        for section in soup.select("div.works-cited > section")[1:]
    }
    assert list(by_chapter) == chapters
    assert by_chapter["Chapter 3: Gamma"] == ["Google, 2024a.", "Kwon et al., 2023."]
    assert len(by_chapter["Chapter 2: Beta"]) == 4


@pytest.mark.sphinx("html", testroot="works-cited", parallel=2)
def test_parallel_build_gives_the_same_references(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert [li["id"] for li in references(page(app, "chapters/alpha"))] == [
        f"cite-{key}" for key in ALPHA_KEYS
    ]
    assert len(page(app, "back/works-cited").select("table.works-cited-frequent tbody tr")) == 2


@pytest.mark.sphinx("html", testroot="works-cited-errors")
def test_bad_citations_and_bib_files_are_located_warnings(app: SphinxTestApp) -> None:
    app.build()
    src = Path(app.srcdir)
    bib, alpha = src / "bib", src / "chapters" / "alpha.md"
    assert warning_lines(app) == [
        f"{bib / 'broken.bib'}:7: WARNING: malformed .bib: entry 'broken2023second' is never closed"
        " (unbalanced braces); entries after it are lost [works-cited.malformed-bib]",
        f"{bib / 'good.bib'}:1: WARNING: duplicate key 'known2023good': already defined at"
        " dupes.bib:1; this entry is ignored [works-cited.duplicate-key]",
        f"{bib / 'good.bib'}:8: WARNING: entry 'nourl2022plain' has neither a url nor a doi field"
        " [works-cited.no-url]",
        f"{alpha}:11: WARNING: malformed citation 'known2023good nourl2022plain': separate keys"
        " with commas, e.g. {cite:p}`kwon2023efficient,yu2022orca`"
        " [works-cited.malformed-citation]",
        f"{alpha}:5: WARNING: unknown citation key 'nosuch2020missing': no entry in bib/ has"
        " this key [works-cited.unknown-key]",
        f"{alpha}:7: WARNING: unknown citation key 'ghost2021none': no entry in bib/ has this key"
        " [works-cited.unknown-key]",
        f"{bib / 'good.bib'}:14: WARNING: entry 'unused2020lonely' is not cited by any document"
        " [works-cited.unused]",
    ]
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()
    assert inline_citations(page(app, "chapters/alpha"))[1] == "[Source: ghost2021none?]"
    assert [li["id"] for li in references(page(app, "chapters/alpha"))] == [
        "cite-broken2023first",
        "cite-known2023good",
        "cite-nourl2022plain",
    ]


def edit(path: Path, old: str, new: str) -> None:
    """Replace text and move the mtime forward, so Sphinx sees the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    stat = path.stat()
    os.utime(path, (stat.st_atime + 5, stat.st_mtime + 5))


def test_incremental_build_recomputes_references_and_works_cited(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-works-cited", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    # gamma stops citing Kwon (no longer cited by three chapters) and cites an unknown key
    edit(
        srcdir / "chapters" / "gamma.md", "{cite:p}`kwon2023efficient`", "{cite:p}`newkey2025later`"
    )
    app2 = make_app("html", srcdir=srcdir)
    app2.build()
    gamma = srcdir / "chapters" / "gamma.md"
    assert warning_lines(app2) == [
        f"{gamma}:5: WARNING: unknown citation key 'newkey2025later': no entry in bib/ has this key"
        " [works-cited.unknown-key]",
    ]
    assert [li["id"] for li in references(page(app2, "chapters/gamma"))] == [
        "cite-google2024gemini"
    ]
    soup = page(app2, "back/works-cited")
    assert [
        row.find("strong").get_text() for row in soup.select("table.works-cited-frequent tbody tr")
    ] == [
        "Google, 2024a.",
    ]
    app2.cleanup()
    # the key is added to bib/: the citing chapter resolves it, no warning left
    bibfile = srcdir / "bib" / "serving.bib"
    edit(
        bibfile,
        "@misc{smith2021streaming,",
        "@misc{newkey2025later,\n  author = {New, Nia},\n"
        "  title = {Later},\n  year = {2025},\n  url = {https://example.org/later},\n}\n\n"
        "@misc{smith2021streaming,",
    )
    app3 = make_app("html", srcdir=srcdir)
    app3.build()
    assert warning_lines(app3) == []
    assert inline_citations(page(app3, "chapters/gamma"))[0] == "[Source: New, 2025]"
    assert "New, 2025." in [
        li.find("strong").get_text()
        for li in page(app3, "back/works-cited").select("div.works-cited li")
    ]


class SourcesHandler(BaseHTTPRequestHandler):
    """200 on /ok, 404 on /missing, 301 from /moved to /ok, 3 s of silence on /slow."""

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        if self.path == "/slow":
            time.sleep(3)
        status = {"/ok": 200, "/moved": 301}.get(self.path, 404)
        try:
            self.send_response(status)
            if status == 301:
                self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        except (BrokenPipeError, ConnectionResetError):
            pass  # linkcheck gave up on /slow already

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def sources_server(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = ThreadingHTTPServer(("127.0.0.1", 0), SourcesHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_linkcheck_reports_broken_sources_at_the_citing_chapter(
    make_app, rootdir: Path, tmp_path: Path, sources_server: str
) -> None:
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-works-cited-linkcheck", srcdir)
    entries = {
        "live2024ok": "ok",
        "gone2024missing": "missing",
        "moved2024redirect": "moved",
        "slow2024timeout": "slow",
    }
    (srcdir / "sources.bib").write_text(
        "".join(
            f"@misc{{{key},\n  author = {{{{Test}}}},\n  title = {{{key}}},\n  year = {{2024}},\n"
            f"  url = {{{sources_server}/{path}}},\n}}\n\n"
            for key, path in entries.items()
        ),
        encoding="utf-8",
    )
    app = make_app("linkcheck", srcdir=srcdir)
    app.build()
    results = {
        row["uri"].rsplit("/", 1)[1]: (row["status"], row["filename"], row["lineno"])
        for row in map(
            json.loads, (Path(app.outdir) / "output.json").read_text(encoding="utf-8").splitlines()
        )
    }
    assert results == {
        "ok": ("working", "chapters/alpha.md", 5),
        "missing": ("broken", "chapters/alpha.md", 7),
        "moved": ("redirected", "chapters/beta.md", 5),
        "slow": ("timeout", "chapters/beta.md", 7),
    }
    report = (Path(app.outdir) / "output.txt").read_text(encoding="utf-8")
    assert f"chapters/alpha.md:7: [broken] {sources_server}/missing: 404 Client Error" in report
    assert f"chapters/beta.md:7: [timeout] {sources_server}/slow" in report
    assert "works-cited" not in report


@pytest.mark.sphinx("html", testroot="works-cited-duplicates")
def test_one_work_under_two_keys_is_a_located_warning(app: SphinxTestApp) -> None:
    """Same DOI (as a field or a doi.org URL), same URL up to scheme, www,
    trailing slash and fragment, same title and authors up to case and braces;
    two vendor pages that are both titled "Pricing" are different works."""
    app.build()
    second = Path(app.srcdir) / "bib" / "second.bib"
    assert warning_lines(app) == [
        f"{second}:8: WARNING: entry 'kwon2023paged' is the same work as 'kwon2023efficient'"
        " (first.bib:1): same DOI; cite 'kwon2023efficient' and delete this entry"
        " [works-cited.duplicate-work]",
        f"{second}:15: WARNING: entry 'nvidia2025batchers' is the same work as"
        " 'nvidia2026batchers' (first.bib:8): same URL; cite 'nvidia2026batchers' and delete"
        " this entry [works-cited.duplicate-work]",
        f"{second}:22: WARNING: entry 'radford2022robust' is the same work as"
        " 'radford2023robust' (first.bib:15): same title and authors; cite 'radford2023robust'"
        " and delete this entry [works-cited.duplicate-work]",
    ]
