"""Incremental builds equal clean builds, file by file.

For each edit an author makes (add or remove a citation, add a diagram, edit
a diagram's SVG, rename a chapter, move a chapter to another part), the
tests/roots/test-incremental book is built, edited, built again in the same
output and doctree folders, and built clean into a second folder; the two
output trees must be identical. Builds run as the author runs them: the real
``sphinx-build``, one process per build, with SOURCE_DATE_EPOCH set.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, ROOTS

# Build metadata, not output: Sphinx's config hash and pickled state.
IGNORED = {".buildinfo", ".doctrees", "environment.pickle"}

DIAGRAM = """
```{diagram} alpha/added.svg
:name: fig-added
:alt: A box that was added later.

A diagram added after the first build.
```
"""


def write(path: Path, text: str) -> None:
    """Write ``path`` with an mtime clearly after the previous build's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    later = time.time() + 2
    os.utime(path, (later, later))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    write(path, text.replace(old, new, 1))


def add_citation(src: Path) -> None:
    """The primer starts citing: its own References, Orca becomes frequently cited."""
    replace(src / "appendices" / "primer.md", "cites nothing yet", "cites {cite:p}`yu2022orca`")


def remove_citation(src: Path) -> None:
    """Gamma stops citing Kwon: Kwon is no longer frequently cited."""
    replace(src / "chapters" / "gamma.md", " {cite:p}`kwon2023efficient`", "")


def remove_all_citations(src: Path) -> None:
    """Beta cites nothing any more: its References and its Works Cited section go."""
    replace(src / "chapters" / "beta.md", " {cite:p}`yu2022orca`", "")


def edit_bib_entry(src: Path) -> None:
    """A title changes in bib/: gamma's References (formatted once per change) must follow."""
    replace(src / "bib" / "refs.bib", "Streaming Speech Recognition in Practice", "Streaming Speech Recognition Revisited")


def add_diagram(src: Path) -> None:
    """A new first diagram in alpha renumbers Figure 1.1, which gamma references."""
    svg = (src / "diagrams" / "alpha" / "flow.svg").read_text(encoding="utf-8")
    write(src / "diagrams" / "alpha" / "added.svg", svg.replace("Request path", "Added box"))
    replace(src / "chapters" / "alpha.md", "Paged attention", DIAGRAM + "\nPaged attention")


def edit_diagram(src: Path) -> None:
    """Only the SVG changes; the page that shows it and the inventory must follow."""
    replace(src / "diagrams" / "beta" / "box.svg", ">Batching</text>\n  <line", ">Queue</text>\n  <line")


def rename_chapter(src: Path) -> None:
    """Beta's title shows in alpha's Next link, the navigation, Works Cited, the inventory."""
    replace(src / "chapters" / "beta.md", "# Beta", "# Beta Renamed")


def move_chapter_same_numbers(src: Path) -> None:
    """Beta moves to Part II: numbers stay, the parts change."""
    toml = src / "book.toml"
    replace(toml, '["chapters/alpha", "chapters/beta"]', '["chapters/alpha"]')
    replace(toml, '["chapters/gamma"]', '["chapters/beta", "chapters/gamma"]')


def move_chapter_renumbered(src: Path) -> None:
    """Alpha moves to the end of Part II: every chapter and figure number changes."""
    toml = src / "book.toml"
    replace(toml, '["chapters/alpha", "chapters/beta"]', '["chapters/beta"]')
    replace(toml, '["chapters/gamma"]', '["chapters/gamma", "chapters/alpha"]')


EDITS: dict[str, Callable[[Path], None]] = {
    "add-citation": add_citation,
    "remove-citation": remove_citation,
    "remove-all-citations": remove_all_citations,
    "edit-bib-entry": edit_bib_entry,
    "add-diagram": add_diagram,
    "edit-diagram": edit_diagram,
    "rename-chapter": rename_chapter,
    "move-chapter-same-numbers": move_chapter_same_numbers,
    "move-chapter-renumbered": move_chapter_renumbered,
}
# Every edit in HTML; the edits that change files other builders write
# (diagram images, numbers, parts) in EPUB and LaTeX too.
CASES = [(edit, "html") for edit in EDITS] + [
    (edit, builder)
    for builder in ("epub", "latex")
    for edit in ("add-citation", "edit-diagram", "move-chapter-renumbered", "move-chapter-same-numbers")
]


def sphinx_build(builder: str, src: Path, out: Path) -> str:
    """One build as the author runs it; the warnings it printed."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-d", str(out.parent / f"{out.name}.doctrees"),
         str(src), str(out)],
        capture_output=True, text=True, check=False, timeout=120, cwd=REPO,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


def search_index(data: bytes) -> bytes:
    """searchindex.js without words that are in no document.

    Sphinx prunes an incremental search index by emptying each word's set of
    documents and keeps the word ("yet": []); a clean build never lists it.
    That is Sphinx's own behaviour and invisible to readers; everything else
    in the index is compared.
    """
    text = data.decode("utf-8")
    prefix, suffix = "Search.setIndex(", ")"
    assert text.startswith(prefix) and text.endswith(suffix)
    index = json.loads(text[len(prefix) : -len(suffix)])
    for table in ("terms", "titleterms"):
        index[table] = {word: docs for word, docs in index[table].items() if docs != []}
    return json.dumps(index, sort_keys=True).encode("utf-8")


def tree(root: Path) -> dict[str, bytes]:
    """Every output file by relative path; the search index normalised."""
    files = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and not IGNORED & set(path.relative_to(root).parts):
            data = path.read_bytes()
            files[name] = search_index(data) if name == "searchindex.js" else data
    return files


def first_difference(name: str, incremental: bytes, clean: bytes) -> str:
    try:
        lines = difflib.unified_diff(
            clean.decode("utf-8").splitlines(), incremental.decode("utf-8").splitlines(),
            "clean/" + name, "incremental/" + name, lineterm="", n=1,
        )
    except UnicodeDecodeError:
        return f"{name}: binary files differ"
    return "\n".join(list(lines)[:40])


@pytest.mark.parametrize(("edit", "builder"), CASES, ids=[f"{b}-{e}" for e, b in CASES])
def test_incremental_build_equals_clean_build(tmp_path: Path, edit: str, builder: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", src)
    assert sphinx_build(builder, src, tmp_path / "incremental") == ""
    EDITS[edit](src)
    sphinx_build(builder, src, tmp_path / "incremental")
    sphinx_build(builder, src, tmp_path / "clean")
    incremental, clean = tree(tmp_path / "incremental"), tree(tmp_path / "clean")
    assert sorted(incremental.keys() - clean.keys()) == [], "stale files in the incremental output"
    assert sorted(clean.keys() - incremental.keys()) == [], "files missing from the incremental output"
    differing = [name for name in clean if clean[name] != incremental[name]]
    assert differing == [], "\n\n".join(
        first_difference(name, incremental[name], clean[name]) for name in differing
    )
    if builder == "html":
        # Absolute, not only relative: equal trees could both have missed the edit.
        docname, present, absent = SHOWN[edit]
        text = page_text(tmp_path / "incremental" / f"{docname}.html")
        assert [p for p in present if p not in text] == [], text
        assert [a for a in absent if a in text] == [], text


def page_text(path: Path) -> str:
    """A page's text, white space collapsed (tags dropped by a separate reading: bs4)."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(path.read_bytes(), "html.parser")
    body = page.select_one("div.body") or page
    return " ".join(body.get_text(" ", strip=True).split())


# What each edit must show on one page, written by hand: (docname, present, absent).
SHOWN: dict[str, tuple[str, list[str], list[str]]] = {
    "add-citation": ("appendices/primer", ["cites [Source: Yu et al., 2022 ]", "References"], ["cites nothing yet"]),
    "remove-citation": ("chapters/gamma", ["Smith and Jones, 2021"], ["Kwon et al., 2023"]),
    "remove-all-citations": ("chapters/beta", [], ["References", "Yu et al., 2022"]),
    "edit-bib-entry": ("chapters/gamma", ["Streaming Speech Recognition Revisited"], ["in Practice"]),
    "add-diagram": ("chapters/gamma", ["with the path of Figure 1.2"], ["Figure 1.1"]),
    "edit-diagram": ("chapters/beta", ["Queue"], []),
    "rename-chapter": ("chapters/alpha", ["Next: Chapter 2: Beta Renamed"], []),
    "move-chapter-same-numbers": (
        "index", ["Part I: Foundations Chapter 1: Alpha Part II: Practice Chapter 2: Beta Chapter 3: Gamma"], []
    ),
    "move-chapter-renumbered": (
        "chapters/alpha", ["Chapter 3: Alpha", "Figure 3.1 The request path", "Next: Appendix A: Primer"],
        ["Chapter 1: Alpha"],
    ),
}
