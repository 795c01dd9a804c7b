"""Benchmark the book's builds: `make bench`.

Builds a copy of the real book (never the working tree) and prints medians of
wall time and peak RSS over several runs for: clean HTML, a one-word edit in
one chapter, an edit to one diagram, a no-op rebuild, clean EPUB, clean LaTeX
(.tex only), the live preview's save-to-page time, and latexpdf when TeX
is installed. As a baseline it times pandoc
turning the same chapter files into one HTML page, and prints the ratios.

Each build runs in its own process (`bench.py --child ...`) that reports its
own peak RSS, so the numbers are per build, not per benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
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


def child(args: list[str]) -> None:
    """Run one sphinx build in this process; print its peak RSS in MiB as JSON."""
    from sphinx.cmd.build import main as sphinx_main

    status = sphinx_main(args)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"status": status, "rss": peak}))
    sys.exit(status)


class Workspace:
    """A throwaway copy of the book that edits and builds can touch freely."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for name in ("conf.py", "exts", "source", "bib"):
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.exists():
                shutil.copy2(source, root / name)
        self.out = root / "_build"

    def sphinx(self, builder: str, *extra: str) -> tuple[float, float, str]:
        """Build with -M (as make does); return (seconds, peak MiB, verbose log)."""
        args = ["-M", builder, str(self.root / "source"), str(self.out), "-c", str(self.root),
                "-W", "--keep-going", "-v", *extra]
        start = time.perf_counter()
        result = subprocess.run([sys.executable, __file__, "--child", *args],
                                capture_output=True, text=True, check=False, cwd=self.root)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"{builder} build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        return seconds, report["rss"], result.stdout + result.stderr

    def clean(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)


def chapter_files() -> list[Path]:
    data = tomllib.loads((REPO / "source" / "book.toml").read_text(encoding="utf-8"))
    docs = data["front"]["docs"] + [d for p in data["part"] for d in p["chapters"]] + data["appendices"]["docs"]
    return [REPO / "source" / f"{doc}.md" for doc in docs]


def edit_one_word(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" the ", " THE ", 1) if " the " in text else text + "\nEdited.\n", encoding="utf-8")


def touch_diagram(root: Path) -> Path | None:
    diagrams = sorted((root / "source" / "diagrams").rglob("*.svg"))
    if not diagrams:
        return None
    target = diagrams[0]
    target.write_text(target.read_text(encoding="utf-8").replace("</svg>", "<!-- edited --></svg>", 1), encoding="utf-8")
    return target


def reread_docs(log: str) -> list[str]:
    """The documents Sphinx reports re-reading in a verbose build."""
    return sorted(set(re.findall(r"reading sources\.\.\. \[\s*\d+%\]\s+(\S+)", log)))


def median_run(runs: int, prepare: Callable[[], None], measure: Callable[[], tuple[float, float, str]]):
    samples = []
    for _ in range(runs):
        prepare()
        samples.append(measure())
    seconds = statistics.median(s[0] for s in samples)
    rss = statistics.median(s[1] for s in samples)
    return seconds, rss, samples[-1][2]


def pandoc_baseline(runs: int) -> float | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([pandoc, "--standalone", "--metadata", "title=Book", "-f", "markdown", "-t", "html",
                            "-o", str(Path(tmp) / "book.html"), *map(str, chapter_files())], check=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def save_to_page(ws: Workspace, runs: int) -> float | None:
    """Median seconds from saving a one-word chapter edit to the live preview serving it.

    The preview is started as `make livehtml` starts it (its own output and
    doctree folders, the same watched paths).
    """
    autobuild = Path(sys.executable).parent / "sphinx-autobuild"
    if not autobuild.exists():
        return None
    port = free_port()
    page = f"http://127.0.0.1:{port}/chapters/gpu-optimization.html"
    chapter = ws.root / "source" / "chapters" / "gpu-optimization.md"
    preview = subprocess.Popen(
        [str(autobuild), str(ws.root / "source"), str(ws.out / "preview"), "-c", str(ws.root),
         "-d", str(ws.out / "doctrees-preview"), "--watch", str(ws.root / "bib"),
         "--watch", str(ws.root / "conf.py"), "--watch", str(ws.root / "exts"),
         "--re-ignore", r"__pycache__|\.pyc$", "--host", "127.0.0.1", "--port", str(port), "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while "<html" not in served(page):
            if time.monotonic() > deadline:
                return None
            time.sleep(0.5)
        times = []
        for run in range(runs):
            marker = f"benchmarkmarker{run}"
            text = chapter.read_text(encoding="utf-8")
            start = time.perf_counter()
            chapter.write_text(text.replace("## Overview\n", f"## Overview\n\n{marker}\n", 1), encoding="utf-8")
            while marker not in served(page):
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            time.sleep(2)  # let the preview settle before the next edit
        return statistics.median(times)
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    runs = options.runs
    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp))
        chapter = ws.root / "source" / "chapters" / "gpu-optimization.md"

        seconds, rss, _ = median_run(runs, ws.clean, lambda: ws.sphinx("html"))
        rows.append(("clean HTML", seconds, rss, ""))
        clean_html = seconds

        seconds, rss, log = median_run(runs, lambda: edit_one_word(chapter), lambda: ws.sphinx("html"))
        reread = reread_docs(log)
        rows.append(("one-word edit, one chapter", seconds, rss, f"re-read: {', '.join(reread) or 'none'}"))
        edit = seconds

        diagram = touch_diagram(ws.root)
        if diagram is not None:
            seconds, rss, log = median_run(runs, lambda: touch_diagram(ws.root), lambda: ws.sphinx("html"))
            rows.append(("edit one diagram", seconds, rss, f"re-read: {', '.join(reread_docs(log)) or 'none'}"))

        seconds, rss, _ = median_run(runs, lambda: None, lambda: ws.sphinx("html"))
        rows.append(("no-op rebuild", seconds, rss, ""))
        noop = seconds

        seconds, rss, _ = median_run(runs, ws.clean, lambda: ws.sphinx("epub"))
        rows.append(("clean EPUB", seconds, rss, ""))
        seconds, rss, _ = median_run(runs, ws.clean, lambda: ws.sphinx("latex"))
        rows.append(("clean LaTeX (.tex)", seconds, rss, ""))
        preview = save_to_page(ws, runs)
        if preview is not None:
            rows.append(("live preview, save to page served", preview, 0.0, "make livehtml's command"))
        if shutil.which("xelatex") and shutil.which("latexmk"):
            seconds, rss, _ = median_run(runs, ws.clean, lambda: ws.sphinx("latexpdf"))
            rows.append(("clean latexpdf", seconds, rss, ""))

    pandoc = pandoc_baseline(runs)
    if pandoc is None:
        print("pandoc is not installed (make deps installs it): no baseline ratio\n")
    words = sum(len(path.read_text(encoding="utf-8").split()) for path in chapter_files())
    print(f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"{len(os.sched_getaffinity(0))} cores; Python {platform.python_version()}; "
          f"{len(chapter_files())} documents, {words} words (source files); median of {runs} runs\n")
    print("| build | seconds | peak RSS (MiB) | notes |")
    print("| --- | ---: | ---: | --- |")
    for name, seconds, rss, note in rows:
        shown = f"{rss:.0f}" if rss else ""
        print(f"| {name} | {seconds:.2f} | {shown} | {note} |")
    if pandoc is not None:
        print(f"| pandoc, same files, one HTML page | {pandoc:.2f} | | baseline |")
    print("\n| target | value | met |")
    print("| --- | ---: | --- |")
    if pandoc is not None:
        ratio = clean_html / pandoc
        print(f"| clean HTML / pandoc < 1.0 | {ratio:.2f} | {'yes' if ratio < 1 else 'no'} |")
    ratio = edit / clean_html
    print(f"| one-chapter edit / clean HTML < 0.35 | {ratio:.2f} | {'yes' if ratio < 0.35 else 'no'} |")
    print(f"| no-op rebuild < 2 s | {noop:.2f} | {'yes' if noop < 2 else 'no'} |")
    peak = max(row[2] for row in rows)
    print(f"| peak RSS < 300 MiB | {peak:.0f} | {'yes' if peak < 300 else 'no'} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()
