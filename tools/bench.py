"""Benchmark the author's loop at 1x and 4x the book: `make bench`.

Builds two throwaway copies of the book, the real one (1x) and one four
times its size (tools/scale_book.py), and times, as alternating 1x/4x pairs
with the median of RUNS pairs: clean HTML (``-j 1`` and ``-j 2``), a no-op
rebuild, a one-word edit in one chapter, and the live preview's save-to-page
time (tools/livehtml.py: from saving the edit to the served page showing
it). Baselines on the same chapter files: pandoc turning them into one
page, Jupyter Book 1 (``$JUPYTER_BOOK`` or ``jupyter-book`` on PATH) and
mystmd's content stage (``$MYST`` or ``myst`` on PATH), each skipped with
the reason printed when it is not installed. Prints a Markdown report
and, with ``--write``, puts it in docs/benchmarks.md between the
``bench:start`` and ``bench:end`` markers.
Timings are a benchmark, not a test: nothing fails on a slow machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHAPTER = "chapters/gpu-optimization"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")


class Book:
    """A throwaway copy of the book (scaled ``times`` x) that edits and builds may touch."""

    def __init__(self, origin: Path, root: Path, times: int) -> None:
        self.root, self.times, self.origin = root, times, origin
        root.mkdir(parents=True)
        for name in ("conf.py", "exts", "source", "bib", "tools"):
            path = origin / name
            if path.is_dir():
                shutil.copytree(path, root / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif path.exists():
                shutil.copy2(path, root / name)
        if times > 1:
            subprocess.run([sys.executable, str(REPO / "tools" / "scale_book.py"), str(root), "--times",
                            str(times)], check=True, stdout=subprocess.DEVNULL)
        self.out = root / "_build"
        self.chapter = root / "source" / f"{CHAPTER}.md"

    def build(self, *extra: str) -> float:
        """One ``sphinx-build -W`` HTML build in a fresh process; its wall seconds."""
        args = [sys.executable, "-m", "sphinx", "build", "-b", "html", "-d", str(self.out / "doctrees"),
                "-c", str(self.root), "-W", "--keep-going", "-q", str(self.root / "source"),
                str(self.out / "html"), *extra]
        start = time.perf_counter()
        result = subprocess.run(args, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"{self.times}x build failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        return seconds

    def clean(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)

    def edit(self, marker: str) -> None:
        text = self.chapter.read_text(encoding="utf-8")
        self.chapter.write_text(text.replace("## Overview\n", f"## Overview\n\n{marker}\n", 1), encoding="utf-8")

    def documents(self) -> int:
        return len(list((self.root / "source").rglob("*.md")))

    def words(self) -> int:
        return sum(len(p.read_text(encoding="utf-8").split()) for p in (self.root / "source").rglob("*.md"))


def pairs(books: list[Book], runs: int, prepare: Callable[[Book, int], None],
          measure: Callable[[Book], float]) -> dict[str, float]:
    """Median seconds per book over ``runs`` rounds, the books alternating within each round."""
    samples: dict[str, list[float]] = {f"{b.times}x": [] for b in books}
    for run in range(runs):
        for book in books if run % 2 == 0 else reversed(books):
            prepare(book, run)
            samples[f"{book.times}x"].append(measure(book))
    return {name: statistics.median(values) for name, values in samples.items()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, ValueError, http.client.HTTPException):
        return ""  # not served yet, or read while the preview rewrote it


class Preview:
    """The live preview as `make livehtml` runs it, on one book copy."""

    def __init__(self, book: Book) -> None:
        self.book, self.port = book, free_port()
        self.url = f"http://127.0.0.1:{self.port}/{CHAPTER}.html"
        root = book.root
        sphinx_args = [str(root / "source"), str(book.out / "preview"), "-c", str(root),
                       "-d", str(book.out / "doctrees-preview"), "-q"]
        livehtml = root / "tools" / "livehtml.py"
        watch = ["--watch", str(root / "bib"), "--watch", str(root / "conf.py"), "--watch", str(root / "exts")]
        if livehtml.exists():
            command = [sys.executable, str(livehtml), "--port", str(self.port), *watch, "--", *sphinx_args]
        else:  # an older checkout (--book): its sphinx-autobuild preview
            command = [str(Path(sys.executable).parent / "sphinx-autobuild"), *sphinx_args, *watch,
                       "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        deadline = time.monotonic() + 600
        while "<html" not in served(self.url):
            if time.monotonic() > deadline or self.process.poll() is not None:
                sys.exit(f"the {book.times}x preview never served {self.url}")
            time.sleep(0.2)

    def save_to_page(self, marker: str) -> float:
        start = time.perf_counter()
        self.book.edit(marker)
        while marker not in served(self.url):
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        time.sleep(1.5)  # the preview settles (reload, any late writes) before the next edit
        return seconds

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def chapter_files(book: Book) -> list[Path]:
    data = tomllib.loads((book.root / "source" / "book.toml").read_text(encoding="utf-8"))
    docs = data["front"]["docs"] + [d for p in data["part"] for d in p["chapters"]] + data["appendices"]["docs"]
    return [book.root / "source" / f"{doc}.md" for doc in docs]


def pandoc_seconds(book: Book) -> float | str:
    """pandoc turning the chapter files into one HTML page, or why it was not timed."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return "not installed (`make deps` installs it), so no baseline"
    start = time.perf_counter()
    subprocess.run([pandoc, "--standalone", "--metadata", "title=Book", "-f", "markdown", "-t", "html",
                    "-o", str(book.root / "pandoc.html"), *map(str, chapter_files(book))],
                   check=True, stderr=subprocess.DEVNULL)  # its TeX-math notices about MyST roles
    return time.perf_counter() - start


def tool(variable: str, name: str) -> str | None:
    """A baseline's command: ``$VARIABLE`` if set, else ``name`` on PATH or beside this Python."""
    beside_python = str(Path(sys.executable).parent)
    return os.environ.get(variable) or shutil.which(name) or shutil.which(name, path=beside_python)


def baseline_copy(book: Book, name: str) -> Path:
    """The book's chapter files (``chapter_files``, at their paths) in a fresh folder."""
    folder = book.root / name
    shutil.rmtree(folder, ignore_errors=True)
    source = book.root / "source"
    for path in chapter_files(book):
        target = folder / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return folder


def jupyter_book_seconds(book: Book) -> float | str:
    """Jupyter Book 1 (``jupyter-book build``, ``$JUPYTER_BOOK``) on the chapter files, or why not.

    Its table of contents lists the chapters in the book's order; it renders
    none of the book's own roles and directives (it warns and moves on).
    """
    jb = tool("JUPYTER_BOOK", "jupyter-book")
    if jb is None:
        return ("not installed (it pins older Sphinx and MyST than the book uses: install it in "
                "its own virtual environment and set JUPYTER_BOOK to its `jupyter-book`), so no "
                "baseline")
    folder = baseline_copy(book, "jb1")
    source = book.root / "source"
    docs = [path.relative_to(source).with_suffix("").as_posix() for path in chapter_files(book)]
    toc = ["format: jb-book", f"root: {docs[0]}", "chapters:", *(f"- file: {d}" for d in docs[1:])]
    (folder / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    config = "title: Book\nexecute:\n  execute_notebooks: 'off'\n"
    (folder / "_config.yml").write_text(config, encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run([jb, "build", str(folder)], capture_output=True, check=False)
    if result.returncode != 0:
        return f"`jupyter-book build` failed (exit {result.returncode}), so no baseline"
    return time.perf_counter() - start


MYST_DONE = re.compile(r"Built \d+ pages")


def mystmd_seconds(book: Book) -> float | str:
    """mystmd's content stage (``myst build --site``, ``$MYST``) on the chapter files, or why not.

    Timed from the start to its "Built N pages" line: the content stage,
    parsed, resolved and written as the site's JSON. What follows is the
    site template, which it downloads; the process is stopped there.
    """
    myst = tool("MYST", "myst")
    if myst is None:
        return "not installed (set MYST to its `myst` command), so no baseline"
    folder = baseline_copy(book, "mystmd")
    config = "version: 1\nproject:\n  title: Book\nsite:\n  template: book-theme\n"
    (folder / "myst.yml").write_text(config, encoding="utf-8")
    start = time.perf_counter()
    with subprocess.Popen([myst, "build", "--site"], cwd=folder, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, start_new_session=True) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if MYST_DONE.search(line):
                seconds = time.perf_counter() - start
                os.killpg(process.pid, signal.SIGKILL)  # its node process too
                return seconds
        process.wait()
    code = process.returncode
    return f"`myst build --site` stopped before its content stage ended (exit {code}): no baseline"


BASELINES: list[tuple[str, Callable[[Book], float | str]]] = [
    ("pandoc, same chapters, one HTML page", pandoc_seconds),
    ("Jupyter Book 1, same chapter files", jupyter_book_seconds),
    ("mystmd content stage (`myst build --site`), same chapter files", mystmd_seconds),
]


def report(books: list[Book], rows: list[tuple[str, dict[str, float]]], baselines: list[str],
           runs: int, load: tuple[float, float]) -> str:
    sizes = ", ".join(f"{b.times}x: {b.documents()} documents, {b.words():,} words" for b in books)
    lines = [
        f"Run of {time.strftime('%Y-%m-%d')}: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}; {sizes}. Median of {runs} alternating 1x/4x pairs; "
        f"load average {load[0]:.2f} at the start, {load[1]:.2f} at the end (the machine is shared).",
        "",
        "| build | 1x (s) | 4x (s) | 4x / 1x |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, values in rows:
        one, four = values.get("1x"), values.get("4x")
        ratio = f"{four / one:.2f}" if one and four else ""
        lines.append(f"| {name} | {one:.2f} | {four:.2f} | {ratio} |")
    lines += ["", *baselines]
    return "\n".join(lines) + "\n"


def write_report(text: str) -> None:
    path = REPO / "docs" / "benchmarks.md"
    page = path.read_text(encoding="utf-8")
    start, end = (page.index(marker) for marker in MARKERS)
    path.write_text(page[: start + len(MARKERS[0])] + "\n" + text + page[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--book", type=Path, default=REPO, help="the checkout to measure (default: this one)")
    parser.add_argument("--write", action="store_true", help="put the report in docs/benchmarks.md")
    options = parser.parse_args()
    runs, load_start = options.runs, os.getloadavg()[0]
    rows: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        books = [Book(options.book, Path(tmp) / f"x{times}", times) for times in (1, 4)]
        rows.append(("clean HTML", pairs(books, runs, lambda b, _: b.clean(), lambda b: b.build())))
        rows.append(("clean HTML, -j 2", pairs(books, runs, lambda b, _: b.clean(), lambda b: b.build("-j", "2"))))
        rows.append(("no-op rebuild", pairs(books, runs, lambda b, _: None, lambda b: b.build())))
        rows.append(("one-word edit, one chapter",
                     pairs(books, runs, lambda b, run: b.edit(f"benchedit{run}"), lambda b: b.build())))
        previews = {f"{b.times}x": Preview(b) for b in books}
        try:
            rows.append(("live preview, save to page", pairs(
                books, runs, lambda b, _: None,
                lambda b: previews[f"{b.times}x"].save_to_page(f"benchpreview{time.monotonic_ns()}"))))
        finally:
            for preview in previews.values():
                preview.stop()
        baselines = []
        for name, timer in BASELINES:
            reasons = [value for value in (timer(book) for book in books) if isinstance(value, str)]
            if reasons:  # the run above doubles as a warm-up, not counted
                baselines.append(f"{name.split(',')[0]}: {reasons[0]}.")
            else:
                rows.append((name, pairs(books, runs, lambda b, _: None, timer)))  # type: ignore[arg-type]
        text = report(books, rows, baselines, runs, (load_start, os.getloadavg()[0]))
    print(text)
    if options.write:
        write_report(text)


if __name__ == "__main__":
    main()
