"""The fast paths of issue 19 give the slow paths' output, file by file.

- a warm build process (tools/warm_build.py, fork per build) equals a cold
  ``sphinx-build``, clean, after an edit, after a .bib edit and after a
  facts.toml edit (what the parent keeps, exts/filememo.py and the
  environment, follows the files; so do the hand-typed-number warnings),
  after a diagram edit (the kept
  rendering follows its file), after a chapter title edit (the kept
  sidebar tree follows the titles), after a ``{numref}`` target changes
  type (a kept doctree follows its file; only looked-up doctrees are kept,
  each handed out once), and when its child writes the edited
  page first and pickles the environment aside (tools/warm_child.py); a
  change to an extension restarts it, so the new code is used;
- the cached bibliography (exts/works_cited/cache.py) equals
  sphinxcontrib-bibtex's own formatting, formats nothing on a no-op build
  and re-formats after a .bib edit;
- the List of Diagrams, from captions kept at read time, equals the one
  copied from each chapter's stored doctree;
- a no-op build, which keeps the index, search and 404 pages as written,
  equals one that lets Sphinx rewrite them, and so do the builds after a
  static file, a template, a chapter or the configuration changed; static
  files are copied only when they or the configuration changed;
- ``-j 2`` equals ``-j 1``.

Incremental-equals-clean is tests/test_incremental.py (with a .bib edit).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.util import logging as sphinx_logging
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinxcontrib.bibtex.domain import BibtexDomain

from conftest import REPO, ROOTS
from test_incremental import (
    add_citation,
    edit_bib_entry,
    edit_diagram,
    first_difference,
    remove_citation,
    replace,
    sphinx_build,
    tree,
)

sys.path.insert(0, str(REPO))
from exts import filememo  # noqa: E402
from exts.book_structure.fignumbers import SkeletonTocTreeCollector  # noqa: E402
from exts.book_structure.noop import BookHTMLBuilder  # noqa: E402
from exts.book_structure.sidebar import SidebarCache, page_toctree  # noqa: E402
from exts.diagrams.inventory import FillInventory  # noqa: E402
from exts.works_cited import styles  # noqa: E402
from exts.works_cited.cache import CachingBibtexDomain  # noqa: E402
from tools.warm_build import KeptEnvironment, request_build  # noqa: E402
from tools.warm_doctrees import KeptDoctrees  # noqa: E402

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO)}


def assert_same_tree(fast: Path, slow: Path) -> None:
    fast_files, slow_files = tree(fast), tree(slow)
    assert sorted(fast_files.keys() ^ slow_files.keys()) == []
    differing = [name for name in slow_files if slow_files[name] != fast_files[name]]
    assert differing == [], "\n\n".join(
        first_difference(name, fast_files[name], slow_files[name]) for name in differing
    )


class WarmProcess:
    """tools/warm_build.py serving one source folder into one output folder."""

    def __init__(self, tmp: Path, src: Path, out: Path) -> None:
        self.socket = str(tmp / "warm.sock")
        args = [
            "-q",
            "-b",
            "html",
            "-d",
            str(out.parent / f"{out.name}.doctrees"),
            str(src),
            str(out),
        ]
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "tools" / "warm_build.py"), self.socket, "--", *args],
            cwd=REPO,
            env={**os.environ, **EPOCH},
        )
        deadline = time.monotonic() + 60
        while not Path(self.socket).exists():
            assert self.process.poll() is None and time.monotonic() < deadline, (
                "warm process did not start"
            )
            time.sleep(0.05)

    def build(self, *changed: Path) -> int:
        return request_build(self.socket, [str(path) for path in changed], timeout=120)["status"]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", src)
    return src


def test_warm_builds_equal_cold_builds_clean_and_after_an_edit(tmp_path: Path, book: Path) -> None:
    warm = WarmProcess(tmp_path, book, tmp_path / "warm")
    try:
        assert warm.build() == 0
        sphinx_build("html", book, tmp_path / "cold")
        assert_same_tree(tmp_path / "warm", tmp_path / "cold")
        add_citation(book)
        assert warm.build(book / "appendices" / "primer.md") == 0
        sphinx_build("html", book, tmp_path / "cold")
        assert_same_tree(tmp_path / "warm", tmp_path / "cold")
    finally:
        warm.stop()
    assert "Orca" in (tmp_path / "warm" / "appendices" / "primer.html").read_text(encoding="utf-8")


def warm_equals_cold_after(
    tmp_path: Path, src: Path, edit: Callable[[Path], Path], expected: str
) -> None:
    """Warm and cold builds agree before and after ``edit`` (which returns the file it changed)."""
    warm = WarmProcess(tmp_path, src, tmp_path / "warm")
    try:
        assert warm.build() == 0
        assert warm.build() == 0  # a second build: this one inherits what the parent kept
        changed = edit(src)
        assert warm.build(changed) == 0
        sphinx_build("html", src, tmp_path / "cold")
        assert_same_tree(tmp_path / "warm", tmp_path / "cold")
    finally:
        warm.stop()
    assert any(
        expected in page.read_text(encoding="utf-8") for page in (tmp_path / "warm").rglob("*.html")
    )


def test_warm_builds_equal_cold_builds_after_a_bib_edit(tmp_path: Path, book: Path) -> None:
    def edit(src: Path) -> Path:
        edit_bib_entry(src)
        return src / "bib" / "refs.bib"

    warm_equals_cold_after(tmp_path, book, edit, "Streaming Speech Recognition Revisited")


def test_warm_builds_equal_cold_builds_after_a_facts_edit(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-facts", src)

    def edit(src: Path) -> Path:
        replace(src / "facts.toml", 'value = "80 GB"', 'value = "96 GB"')
        return src / "facts.toml"

    warm_equals_cold_after(tmp_path, src, edit, "96")


def test_the_warm_child_writes_the_read_page_first_and_a_whole_environment(
    tmp_path: Path, book: Path
) -> None:
    """tools/warm_child.py: same output as a cold build, the edited page written (and the preview
    told so, once) before the pages its edit outdated, and an environment file (pickled by a
    grandchild) that the next build loads."""
    import pickle

    warm = WarmProcess(tmp_path, book, tmp_path / "warm")
    try:
        assert warm.build() == 0
        add_citation(book)
        assert warm.build(book / "appendices" / "primer.md") == 0
        with open(tmp_path / "warm.doctrees" / "environment.pickle", "rb") as file:
            env = pickle.load(file)  # noqa: S301 - the test's own build
        assert "yu2022orca" in str(env.domaindata["cite"]) and set(env.all_docs) == set(
            env.found_docs
        )
        remove_citation(
            book
        )  # gamma: Kwon leaves the Works Cited's "frequently cited", which sorts first
        gamma = tmp_path / "warm" / "chapters" / "gamma.html"
        shown_when_written: list[bytes] = []  # the page when the preview would reload the browser
        reply = request_build(
            warm.socket,
            [str(book / "chapters" / "gamma.md")],
            timeout=120,
            on_written=lambda: shown_when_written.append(gamma.read_bytes()),
        )
        assert reply["status"] == 0  # the build started from the grandchild's environment
        sphinx_build("html", book, tmp_path / "cold")
        assert_same_tree(tmp_path / "warm", tmp_path / "cold")
    finally:
        warm.stop()
    assert shown_when_written == [gamma.read_bytes()]
    written = {
        page: (tmp_path / "warm" / f"{page}.html").stat().st_mtime_ns
        for page in ("chapters/gamma", "back/works-cited", "chapters/alpha")
    }
    assert written["chapters/gamma"] < written["back/works-cited"]
    assert written["chapters/alpha"] < written["chapters/gamma"]  # not re-written


def test_warm_builds_equal_cold_builds_after_a_diagram_edit(tmp_path: Path, book: Path) -> None:
    """A diagram rendered by the warm process (exts/diagrams/directive.py ``rendered``) follows
    its file."""

    def edit(src: Path) -> Path:
        edit_diagram(src)
        return src / "diagrams" / "beta" / "box.svg"

    warm_equals_cold_after(tmp_path, book, edit, ">Queue</text>")


LAYOUT = '{% extends "!layout.html" %}{% block footer %}{{ super() }}<!-- v1 -->{% endblock %}\n'
BOOK_WIDE = ("genindex.html", "search.html", "404.html", "searchindex.js", "objects.inv")


def test_kept_pages_and_static_files_equal_sphinx_finish_and_copy(
    tmp_path: Path, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """exts/book_structure/noop.py against Sphinx's own ``finish`` and ``copy_static_files``, the
    same builds on both: book-wide pages kept on a no-op build; rewritten after a static file (its
    checksum is in every page's links), a template, a chapter or the configuration changed or a
    page was removed; static files copied after they or the configuration changed."""
    with open(book / "conf.py", "a", encoding="utf-8") as conf:
        conf.write(
            'extensions.append("notfound.extension")\nhtml_static_path = ["_static"]\n'
            'html_css_files = ["extra.css"]\ntemplates_path = ["_templates"]\n'
        )

    def edit(path: Path, text: str) -> None:
        """Dated now, after the last build (write() dates files ahead: it would mask next steps)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns()))

    def build() -> dict[str, int]:
        """One build into each folder; when the fast one wrote its book-wide files."""
        for name in ("sphinx", "kept"):
            with monkeypatch.context() as patch:
                if name == "sphinx":
                    patch.setattr(BookHTMLBuilder, "finish", StandaloneHTMLBuilder.finish)
                    patch.setattr(
                        BookHTMLBuilder,
                        "copy_static_files",
                        StandaloneHTMLBuilder.copy_static_files,
                    )
                build_in_process(book, tmp_path / name)
        assert_same_tree(tmp_path / "kept" / "html", tmp_path / "sphinx" / "html")
        return {name: (tmp_path / "kept" / "html" / name).stat().st_mtime_ns for name in BOOK_WIDE}

    edit(book / "_templates" / "layout.html", LAYOUT)
    edit(book / "_static" / "extra.css", "p { margin: 0; }\n")
    written = build()
    beta = book / "chapters" / "beta.md"
    steps: list[
        tuple[Callable[[], object], bool]
    ] = [  # (change, whether the book-wide files are kept)
        (lambda: None, True),
        (lambda: edit(book / "_static" / "extra.css", "p { margin: 1px; }\n"), False),
        (
            lambda: shutil.copy2(book / "conf.py", book / "_static" / "old.txt"),
            True,
        ),  # new, dated before: copied
        (
            lambda: edit(book / "_templates" / "layout.html", LAYOUT.replace("v1", "v2")),
            False,
        ),  # every page
        (
            lambda: edit(
                beta, beta.read_text(encoding="utf-8").replace("# Beta", "# Beta Renamed")
            ),
            False,
        ),
        (
            lambda: edit(
                book / "orphan.md", "---\norphan: true\n---\n# Orphan\n\nIn no toctree.\n"
            ),
            False,
        ),
        ((book / "orphan.md").unlink, False),  # the search index must forget it
        (lambda: None, True),
        (
            lambda: os.utime(tmp_path / "kept" / "doctrees" / "environment.pickle"),
            False,
        ),  # a build that stopped
        (
            lambda: edit(
                book / "conf.py", (book / "conf.py").read_text() + 'pygments_style = "friendly"\n'
            ),
            False,
        ),
        (lambda: None, True),
    ]
    for step, (change, kept) in enumerate(steps):
        change()
        before, written = written, build()
        rewritten = [name for name in BOOK_WIDE if written[name] > before[name]]
        assert rewritten == ([] if kept else list(BOOK_WIDE)), f"step {step}"
    assert "v2" in (tmp_path / "kept" / "html" / "404.html").read_text(encoding="utf-8")
    assert "Orphan" not in (tmp_path / "kept" / "html" / "searchindex.js").read_text(
        encoding="utf-8"
    )


def test_warm_builds_warn_as_cold_builds_about_hand_typed_numbers_after_a_facts_edit(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The units' values kept by the warm process (exts/facts/handtyped.py ``unit_values``)
    follow the registry: the same hand-typed warnings as a cold build, before and after an edit
    changes them."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-facts-errors", src)

    def hand_typed(output: str) -> list[str]:
        return sorted(line for line in output.splitlines() if "[facts.hand-typed]" in line)

    warm = WarmProcess(tmp_path, src, tmp_path / "warm")
    try:
        assert warm.build() == 0
        capfd.readouterr()
        assert warm.build(src / "index.md") == 0  # inherits the values the warm process kept
        before = hand_typed(capfd.readouterr().err)
        assert (
            before == hand_typed(sphinx_build("html", src, tmp_path / "cold")) and len(before) == 2
        )
        replace(src / "facts.toml", 'value = "5 ms"', 'value = "6 ms"')
        capfd.readouterr()
        assert warm.build(src / "facts.toml") == 0
        after = hand_typed(capfd.readouterr().err)
    finally:
        warm.stop()
    assert after == hand_typed(sphinx_build("html", src, tmp_path / "cold")) and len(after) == 1


def test_kept_results_follow_their_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept while the file is the same (no second read), read again once it changes."""
    monkeypatch.setattr(filememo, "KEEPING", True)
    monkeypatch.setattr(filememo, "_KEPT", {})
    reads: list[str] = []

    @filememo.on_files(lambda path: [path])
    def read(path: Path) -> str:
        reads.append(path.read_text(encoding="utf-8"))
        return reads[-1]

    data = tmp_path / "data.txt"
    data.write_text("one", encoding="utf-8")
    assert [read(data), read(data)] == ["one", "one"]
    data.write_text("two", encoding="utf-8")
    assert read(data) == "two"
    assert reads == ["one", "two"]


def test_the_kept_environment_is_taken_only_while_its_file_is_unchanged(tmp_path: Path) -> None:
    import pickle

    path = tmp_path / "environment.pickle"
    path.write_bytes(pickle.dumps({"build": 1}))
    kept = KeptEnvironment()
    kept.refresh(path)
    assert kept.take(path) == {"build": 1}
    assert kept.take(tmp_path / "other.pickle") is None
    time.sleep(0.01)
    path.write_bytes(pickle.dumps({"build": 2}))  # the same size: only the times tell
    assert kept.take(path) is None
    kept.refresh(path)
    assert kept.take(path) == {"build": 2}
    path.unlink()
    assert kept.take(path) is None


STAMP_EXTENSION = """
from docutils import nodes
from sphinx.transforms import SphinxTransform


class Stamp(SphinxTransform):
    default_priority = 900

    def apply(self, **kwargs):
        self.document += nodes.paragraph("", "STAMP-{version}")


def setup(app):
    app.add_transform(Stamp)
    return {{"parallel_read_safe": True}}
"""


def test_an_extension_change_restarts_the_warm_process(tmp_path: Path) -> None:
    """Its children would otherwise run the old module the warm process imported."""
    src = tmp_path / "src"
    (src / "exts").mkdir(parents=True)
    (src / "exts" / "__init__.py").write_text("")
    stamp = src / "exts" / "stamp.py"
    stamp.write_text(STAMP_EXTENSION.format(version="one"))
    (src / "conf.py").write_text(
        "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parent))\n"
        'extensions = ["exts.stamp"]\nproject = "Stamp"\n'
    )
    (src / "index.rst").write_text("Stamp\n=====\n\nText.\n")
    warm = WarmProcess(tmp_path, src, tmp_path / "out")
    page = tmp_path / "out" / "index.html"
    try:
        assert warm.build() == 0
        assert "STAMP-one" in page.read_text(encoding="utf-8")
        # another length: Python trusts a cached .pyc of the same size and second
        stamp.write_text(STAMP_EXTENSION.format(version="second"))
        (src / "index.rst").write_text("Stamp\n=====\n\nText, edited.\n")
        assert warm.build(stamp, src / "index.rst") == 0
        assert "STAMP-second" in page.read_text(encoding="utf-8")
        (src / "index.rst").write_text("Stamp\n=====\n\nBroken :unknownrole:`x`.\n")
        assert warm.build(src / "index.rst") == 0  # a warning, not a crash of the server
        assert warm.build() == 0
    finally:
        warm.stop()


def test_an_edited_template_is_compiled_afresh_by_the_warm_process(tmp_path: Path) -> None:
    """Children keep compiled templates (Jinja's bytecode cache); an edit to one must show."""
    src = tmp_path / "src"
    (src / "_templates").mkdir(parents=True)
    layout = src / "_templates" / "layout.html"
    template = '{{% extends "!layout.html" %}}{{% block extrahead %}}<meta name="mark" content="MARK-{version}">{{{{ super() }}}}{{% endblock %}}'
    layout.write_text(template.format(version="one"))
    (src / "conf.py").write_text('project = "Mark"\ntemplates_path = ["_templates"]\n')
    (src / "index.rst").write_text("Mark\n====\n\nText.\n")
    warm = WarmProcess(tmp_path, src, tmp_path / "out")
    page = tmp_path / "out" / "index.html"
    try:
        assert warm.build() == 0
        assert "MARK-one" in page.read_text(encoding="utf-8")
        layout.write_text(template.format(version="two"))  # the same size
        assert warm.build(layout) == 0
        assert "MARK-two" in page.read_text(encoding="utf-8")
    finally:
        warm.stop()
    assert list((tmp_path / "warm.sock.templates").iterdir()), "no compiled template was kept"


def build_in_process(src: Path, out: Path, confoverrides: dict | None = None) -> None:
    app = SphinxTestApp("html", srcdir=src, builddir=out, confoverrides=confoverrides)
    try:
        app.build()
    finally:
        app.cleanup()


def fast_path_equals_sphinx(
    tmp_path: Path,
    src: Path,
    request: pytest.FixtureRequest,
    sphinx_fixture: str,
    confoverrides: dict | None = None,
) -> None:
    """Build ``src`` with the book's fast path, then with ``sphinx_fixture`` (Sphinx's own code
    in its place), and compare the two websites file by file."""
    build_in_process(src, tmp_path / "fast", confoverrides)
    request.getfixturevalue(sphinx_fixture)
    build_in_process(src, tmp_path / "sphinx", confoverrides)
    assert_same_tree(tmp_path / "fast" / "html", tmp_path / "sphinx" / "html")


@pytest.fixture
def uncached(monkeypatch: pytest.MonkeyPatch) -> None:
    """sphinxcontrib-bibtex's own domain methods in place of the cached ones."""
    for name in (
        "env_updated",
        "get_filtered_entries",
        "get_sorted_entries",
        "get_formatted_entries",
        "resolve_xref",
        "citations",
    ):
        monkeypatch.setattr(CachingBibtexDomain, name, getattr(BibtexDomain, name))


@pytest.fixture
def formatted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Keys of the entries pybtex formats, in order."""
    calls: list[str] = []
    original = styles.BookStyle.format_entry

    def counting(self, label, entry, bib_data=None):
        calls.append(entry.key)
        return original(self, label, entry, bib_data)

    monkeypatch.setattr(styles.BookStyle, "format_entry", counting)
    return calls


def test_the_cached_bibliography_equals_sphinxcontrib_bibtex(
    tmp_path: Path, book: Path, request: pytest.FixtureRequest
) -> None:
    """Also citations of several keys, cited in this chapter and elsewhere: ``resolve_xref`` sees
    only the citations of its keys, in the library's order (the order of the rendered ones)."""
    replace(
        book / "chapters" / "beta.md",
        "{cite:p}`yu2022orca`",
        "{cite:p}`yu2022orca,smith2021streaming,kwon2023efficient` and "
        "{cite:t}`kwon2023efficient,yu2022orca`",
    )
    build_in_process(book, tmp_path / "cached")
    request.getfixturevalue("uncached")
    build_in_process(book, tmp_path / "uncached")
    assert_same_tree(tmp_path / "cached" / "html", tmp_path / "uncached" / "html")


def test_references_are_formatted_once_per_change(
    tmp_path: Path, book: Path, formatted: list[str]
) -> None:
    build_in_process(book, tmp_path / "out")
    assert formatted, "the first build formats every References list"
    formatted.clear()
    build_in_process(book, tmp_path / "out")
    assert formatted == [], "a no-op build re-formatted References"
    bib = book / "bib" / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("Efficient", "Thrifty", 1), encoding="utf-8"
    )
    build_in_process(book, tmp_path / "out")
    assert formatted, "a .bib edit did not re-format the References"
    pages = "".join(
        p.read_text(encoding="utf-8")
        for p in (tmp_path / "out" / "html" / "chapters").glob("*.html")
    )
    assert "Thrifty" in pages


def test_parallel_build_equals_serial_build(tmp_path: Path, book: Path) -> None:
    sphinx_build("html", book, tmp_path / "serial")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-j",
            "2",
            "-b",
            "html",
            "-d",
            str(tmp_path / "parallel.doctrees"),
            str(book),
            str(tmp_path / "parallel"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=REPO,
        env={**os.environ, **EPOCH},
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert_same_tree(tmp_path / "parallel", tmp_path / "serial")


# -- the sidebar resolved once per build (exts/book_structure/sidebar.py) ----

THEMED = {"html_theme": "sphinx_book_theme"}
NESTED = "\n```{toctree}\n:hidden:\n\nalpha-detail\n```\n"


@pytest.fixture
def nested_book(book: Path) -> Path:
    """The test book with a page under a chapter, so a current branch is two levels deep."""
    with (book / "chapters" / "alpha.md").open("a", encoding="utf-8") as alpha:
        alpha.write(NESTED)
    (book / "chapters" / "alpha-detail.md").write_text(
        "# Alpha detail\n\n## A section\n\nText.\n", encoding="utf-8"
    )
    return book


@pytest.fixture
def uncached_sidebar(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sphinx's own ``toctree()`` on every page."""
    monkeypatch.setattr(SidebarCache, "use_for_page", lambda *args: None)


# The theme's call (sbt-sidebar-nav.html), then other arguments a template may pass.
TOCTREE_CALLS = [
    {"collapse": False, "includehidden": True, "titles_only": True, "maxdepth": 4},
    {"collapse": False, "includehidden": True, "titles_only": False, "maxdepth": 4},
    {"collapse": False, "includehidden": False, "titles_only": False, "maxdepth": 2},
    {"collapse": False, "includehidden": True, "maxdepth": 1},
    {"collapse": False, "includehidden": True, "maxdepth": ""},
    {"collapse": True, "includehidden": True, "maxdepth": 4},
    {},
]


def test_the_cached_sidebar_equals_sphinx_toctree_on_every_page(
    tmp_path: Path, nested_book: Path
) -> None:
    app = SphinxTestApp("html", srcdir=nested_book, builddir=tmp_path / "out", confoverrides=THEMED)
    try:
        app.build()
        builder = app.builder
        pages = [*sorted(app.env.all_docs), "search", "genindex", "404"]
        for kwargs in TOCTREE_CALLS:
            cache = SidebarCache()
            for pagename in pages:
                expected = builder._get_local_toctree(pagename, **dict(kwargs))
                assert page_toctree(builder, cache, pagename, **dict(kwargs)) == expected, (
                    pagename,
                    kwargs,
                )
            if kwargs is TOCTREE_CALLS[0]:
                assert cache.trees[False, True, 4, True] is not None, (
                    "the theme's sidebar was not cached"
                )
        assert 'class="current reference internal" href="#"' in page_toctree(
            builder, SidebarCache(), "chapters/alpha-detail", **TOCTREE_CALLS[0]
        )
    finally:
        app.cleanup()


def test_the_cached_sidebar_gives_the_same_website(
    tmp_path: Path, nested_book: Path, request: pytest.FixtureRequest
) -> None:
    fast_path_equals_sphinx(tmp_path, nested_book, request, "uncached_sidebar", THEMED)


def warm_equals_cold_step_by_step(
    tmp_path: Path, src: Path, edits: list[Callable[[Path], Path]]
) -> None:
    """Warm and cold builds agree after a clean build, a no-op and each edit (which returns the
    file it changed), the cold builds following the same steps."""
    warm = WarmProcess(tmp_path, src, tmp_path / "warm")
    try:
        for edit in [lambda src: src, lambda src: src, *edits]:
            assert warm.build(edit(src)) == 0
            sphinx_build("html", src, tmp_path / "cold")
            assert_same_tree(tmp_path / "warm", tmp_path / "cold")
    finally:
        warm.stop()


def test_warm_builds_equal_cold_builds_after_a_chapter_title_edit(
    tmp_path: Path, nested_book: Path
) -> None:
    """The sidebar tree the warm process keeps (exts/book_structure/sidebar.py) follows the titles
    it shows (the book theme's sidebar shows document titles, no sections)."""
    with (nested_book / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_theme = "sphinx_book_theme"\n')

    def edit(src: Path) -> Path:
        replace(src / "chapters" / "alpha.md", "# Alpha\n", "# Alpha Renamed\n")
        return src / "chapters" / "alpha.md"

    warm_equals_cold_step_by_step(tmp_path, nested_book, [edit])
    assert "Alpha Renamed" in (tmp_path / "warm" / "chapters" / "beta.html").read_text(
        encoding="utf-8"
    )


def test_warm_builds_equal_cold_builds_after_a_numref_target_edit(
    tmp_path: Path, book: Path
) -> None:
    """A doctree the warm process keeps (tools/warm_doctrees.py: ``{numref}`` reads its target's
    document for the target's type) follows its file: alpha's ``fig-flow``, a figure, becomes a
    listing between builds and gamma's reference to it says so."""
    gamma = book / "chapters" / "gamma.md"

    def edit_gamma(src: Path) -> Path:
        replace(gamma, "Serving in practice", "Serving, in practice")
        return gamma

    def edit_target(src: Path) -> Path:
        alpha = src / "chapters" / "alpha.md"
        text = alpha.read_text(encoding="utf-8")
        start, end = text.index("```{diagram} alpha/flow.svg"), text.index("The request path.\n```")
        replace(alpha, text[start:end] + "The request path.\n```", LISTING_FLOW)
        replace(gamma, "Serving, in practice", "Serving in practice")
        return gamma

    warm_equals_cold_step_by_step(tmp_path, book, [edit_gamma, edit_target])
    assert "Listing 1" in (tmp_path / "warm" / "chapters" / "gamma.html").read_text(
        encoding="utf-8"
    )


def test_kept_doctrees_are_the_looked_up_ones_not_the_written_pages(
    tmp_path: Path, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of gamma rewrites gamma and the pages it outdates; the warm process keeps only
    alpha's doctree, which gamma's ``{numref}`` looked up, and hands it out once."""
    build_in_process(book, tmp_path / "out")
    replace(book / "chapters" / "gamma.md", "Serving in practice", "Serving, in practice")
    for name in ("get_doctree", "get_and_resolve_doctree"):
        monkeypatch.setattr(BuildEnvironment, name, getattr(BuildEnvironment, name))
    kept = KeptDoctrees()
    kept.install()
    build_in_process(book, tmp_path / "out")
    assert kept.loaded == ["chapters/alpha"]
    kept.refresh(tmp_path / "out" / "doctrees", kept.loaded)
    assert list(kept.kept) == ["chapters/alpha"]
    doctree = kept.kept["chapters/alpha"][2]
    app = SphinxTestApp("html", srcdir=book, builddir=tmp_path / "out")
    try:
        assert app.env.get_doctree("chapters/alpha") is doctree
        assert app.env.get_doctree("chapters/alpha") is not doctree  # once: then the file
    finally:
        app.cleanup()


LISTING_FLOW = """```{code-block} text
:caption: The request path.
:name: fig-flow

gateway -> GPU
```"""


@pytest.mark.parametrize("warns", [False, True])
def test_the_sidebar_tree_is_noted_for_the_warm_process_unless_it_warned(
    tmp_path: Path, book: Path, monkeypatch: pytest.MonkeyPatch, warns: bool
) -> None:
    """A tree whose resolution warned is not kept: the next warm build resolves (and warns) again,
    as a cold build does."""
    monkeypatch.setattr(filememo, "KEEPING", True)
    monkeypatch.setattr(filememo, "NOTES", [])
    monkeypatch.setattr(filememo, "_NOTED", {})
    resolve = SidebarCache._resolve

    def resolving(builder: StandaloneHTMLBuilder, key: tuple) -> object:
        if warns:
            sphinx_logging.getLogger(__name__).warning("a warning while resolving")
        return resolve(builder, key)

    monkeypatch.setattr(SidebarCache, "_resolve", staticmethod(resolving))
    app = SphinxTestApp("html", srcdir=book, builddir=tmp_path / "out", confoverrides=THEMED)
    try:
        app.build()
    finally:
        app.cleanup()
    noted = [name for name, _key, _tree in filememo.NOTES]
    assert noted == ([] if warns else ["exts.book_structure.sidebar.neutral"])


# -- figure numbers from skeletons (exts/book_structure/fignumbers.py) -------

LISTING = """
## A section

```{code-block} python
:caption: A numbered listing
:name: lst-detail

print("numbered")
```
"""


@pytest.fixture
def numbered_book(nested_book: Path) -> Path:
    """The nested page holds a numbered listing in a section, under a numbered toctree."""
    alpha = nested_book / "chapters" / "alpha.md"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace(":hidden:", ":hidden:\n:numbered:"),
        encoding="utf-8",
    )
    detail = nested_book / "chapters" / "alpha-detail.md"
    detail.write_text(detail.read_text(encoding="utf-8") + LISTING, encoding="utf-8")
    return nested_book


@pytest.fixture
def sphinx_fignumbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sphinx's own numbering, from the un-pickled doctrees."""
    monkeypatch.setattr(
        SkeletonTocTreeCollector, "assign_figure_numbers", TocTreeCollector.assign_figure_numbers
    )


def test_skeleton_figure_numbers_equal_sphinx_numbers(tmp_path: Path, numbered_book: Path) -> None:
    app = SphinxTestApp("html", srcdir=numbered_book, builddir=tmp_path / "out")
    try:
        app.build()
        env = app.env
        assert env.get_domain("book").data["skeletons"].keys() == env.all_docs.keys()
        old = {"chapters/alpha": {}}
        env.toc_fignumbers = dict(old)
        ours = (SkeletonTocTreeCollector().assign_figure_numbers(env), env.toc_fignumbers)
        env.toc_fignumbers = dict(old)
        sphinx = (TocTreeCollector().assign_figure_numbers(env), env.toc_fignumbers)
        assert ours == sphinx
        assert {"chapters/alpha", "chapters/alpha-detail"} <= set(sphinx[1])
        assert sphinx[1]["chapters/alpha-detail"]["code-block"]["lst-detail"][:-1], (
            "no section number"
        )
    finally:
        app.cleanup()


def test_skeleton_figure_numbers_give_the_same_website(
    tmp_path: Path, numbered_book: Path, request: pytest.FixtureRequest
) -> None:
    fast_path_equals_sphinx(tmp_path, numbered_book, request, "sphinx_fignumbers")


@pytest.fixture
def captioned_book(book: Path) -> Path:
    """A caption with a citation, emphasis and a figure reference (several nodes to keep)."""
    replace(
        book / "chapters" / "alpha.md",
        "The request path.",
        "The request path after {cite:t}`yu2022orca`, *drawn* like {numref}`fig-box`.",
    )
    return book


def caption_from_doctree(self: FillInventory, record: object) -> list:
    """The List of Diagrams' caption as it was made before the domain kept captions."""
    from docutils import nodes
    from sphinx import addnodes

    doctree = self.env.get_doctree(record.docname)
    figure = doctree.ids.get(record.figure_id) if record.figure_id else None
    found = next(iter(figure.findall(nodes.caption)), None) if figure is not None else None
    if found is None:
        return [nodes.Text(record.caption)]
    children = [child.deepcopy() for child in found.children]
    for child in children:
        for element in child.findall(nodes.Element):
            element["ids"] = []
            if isinstance(element, addnodes.pending_xref):
                element["refdoc"] = self.env.current_document.docname
    return children


def test_kept_captions_equal_the_stored_doctrees(tmp_path: Path, captioned_book: Path) -> None:
    app = SphinxTestApp("html", srcdir=captioned_book, builddir=tmp_path / "out")
    try:
        app.build()
        domain = app.env.get_domain("diagram")
        captioned = [record for record in domain.records() if record.figure_id]
        assert len(captioned) >= 2
        for record in captioned:
            doctree = app.env.get_doctree(record.docname)
            caption = next(doctree.ids[record.figure_id].findall(nodes.caption))
            kept = domain.captions[record.docname][record.figure_id]
            assert [node.pformat() for node in kept] == [
                node.pformat() for node in caption.children
            ]
            # not the chapter's whole doctree, pickled with the environment through each node
            assert [
                part for node in kept for part in node.findall() if part.document is not None
            ] == []
    finally:
        app.cleanup()


def test_the_list_of_diagrams_from_kept_captions_gives_the_same_website(
    tmp_path: Path, captioned_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_in_process(captioned_book, tmp_path / "kept")
    with monkeypatch.context() as patch:
        patch.setattr(FillInventory, "caption", caption_from_doctree)
        build_in_process(captioned_book, tmp_path / "doctrees")
    assert_same_tree(tmp_path / "kept" / "html", tmp_path / "doctrees" / "html")
    inventory = (tmp_path / "kept" / "html" / "back" / "diagrams.html").read_text(encoding="utf-8")
    assert "<em>drawn</em>" in inventory
