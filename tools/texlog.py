"""Summarise a LaTeX run's log, each problem located at its chapter and section.

``make latexpdf`` runs TeX quietly (latexmk ``-silent``) and then this: the
8,000 lines of TeX log become a few lines saying what went wrong and where.
A ``.tex`` line is mapped to the book document and section whose label
(``\\label{\\detokenize{chapters/x:section-id}}``) comes last before it.

Usage: python tools/texlog.py _build/latex/book.log  [exit status 1 on TeX errors]
"""

from __future__ import annotations

import argparse
import bisect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

OVERFULL = re.compile(
    r"^Overfull \\(?P<box>[hv])box \((?P<points>[\d.]+)pt too (?:wide|high)\)"
    r".*?lines? (?P<line>\d+)"
)
ERROR = re.compile(r"^! (?P<message>.+)")
UNDEFINED = re.compile(r"LaTeX Warning: (?:Reference|Citation) `(?P<name>[^']+)' on page \d+ undefined")
MISSING_CHARACTER = re.compile(r"^Missing character: There is no (?P<char>.+?) in font")
LABEL = re.compile(r"\\label\{\\detokenize\{(?P<doc>[^:}]+):(?P<section>[^}]*)\}\}")
REPORTED = 10  # worst overfull boxes listed one by one


@dataclass(frozen=True)
class Overfull:
    box: str
    points: float
    tex_line: int


class Locator:
    """Book document and section of a line of the generated .tex file."""

    def __init__(self, tex: str) -> None:
        self.lines: list[int] = []
        self.places: list[str] = []
        for number, text in enumerate(tex.splitlines(), start=1):
            for match in LABEL.finditer(text):
                section = "" if match["section"].startswith(":") else match["section"]
                self.lines.append(number)
                self.places.append(f"{match['doc']}.md" + (f", section '{section}'" if section else ""))

    def __call__(self, line: int) -> str:
        index = bisect.bisect_right(self.lines, line) - 1
        return self.places[index] if index >= 0 else "front matter"


def summarise(log: str, locate: Locator) -> tuple[list[str], int]:
    """The summary lines, and the number of TeX errors."""
    boxes = list(  # TeX reports some boxes twice ("in paragraph", "detected at")
        dict.fromkeys(
            Overfull(m["box"], float(m["points"]), int(m["line"]))
            for m in map(OVERFULL.match, log.splitlines())
            if m
        )
    )
    errors = [m["message"] for m in map(ERROR.match, log.splitlines()) if m]
    undefined = sorted({m["name"] for m in UNDEFINED.finditer(log)})
    missing = sorted({m["char"] for m in map(MISSING_CHARACTER.match, log.splitlines()) if m})
    over_1pt = [box for box in boxes if box.points > 1.0]
    worst = max((box.points for box in boxes), default=0.0)
    lines = [
        f"TeX: {len(errors)} errors, {len(over_1pt)} overfull boxes over 1 pt "
        f"({len(boxes)} in all, worst {worst:.1f} pt), {len(undefined)} undefined references, "
        f"{len(missing)} missing characters"
    ]
    lines += [f"  error: {message}" for message in errors[:REPORTED]]
    for box in sorted(over_1pt, key=lambda b: -b.points)[:REPORTED]:
        lines.append(
            f"  overfull \\{box.box}box {box.points:.1f} pt: {locate(box.tex_line)} (.tex line {box.tex_line})"
        )
    lines += [f"  undefined reference: {name}" for name in undefined[:REPORTED]]
    lines += [f"  missing character: {char}" for char in missing[:REPORTED]]
    return lines, len(errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path, help="the .log file of the LaTeX run")
    args = parser.parse_args(argv)
    log = args.log.read_text(encoding="utf-8", errors="replace")
    tex_path = args.log.with_suffix(".tex")
    tex = tex_path.read_text(encoding="utf-8", errors="replace") if tex_path.is_file() else ""
    lines, errors = summarise(log, Locator(tex))
    print("\n".join(lines))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
