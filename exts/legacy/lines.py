"""Line-for-line rewrites of pandoc-era Markdown (no Sphinx imports).

Each rewrite replaces one line by one line, so every later line keeps its
number and warnings point at the author's file as written. Fenced code is
left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Greedy where a lazy ".+?\s*$" would retry the trailing blanks at every
# character: quadratic time on a long line of spaces.
NUMBERED_TITLE = re.compile(
    r"^#\s+(?P<kind>Chapter|Appendix)\s+(?P<label>\d+|[A-Z]):\s*(?P<title>.*\S)\s*$"
)
UNNUMBERED = re.compile(r"^(?P<heading>#{1,6}\s.*)\{(?:-|\.unnumbered)\}\s*$")
NEWPAGE = re.compile(r"^\s*\\(?:newpage|pagebreak|clearpage)\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
NEWPAGE_ROLE = "{legacy-newpage}`\\newpage`"


@dataclass(frozen=True)
class NumberedTitle:
    """A ``# Chapter N: Title`` line: the number the author typed, and where."""

    line: int
    kind: str
    label: str


def rewrite(
    text: str, prose: Callable[[str, int], str] | None = None
) -> tuple[str, list[NumberedTitle]]:
    """The text with pandoc-era lines rewritten, and the numbered titles found.

    ``prose(line, number)`` rewrites any other line outside fenced code.
    """
    lines = text.split("\n")
    found: list[NumberedTitle] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        marker = FENCE.match(line)
        if marker:
            fence = None if fence == marker.group(1) else fence or marker.group(1)
            continue
        if fence:
            continue
        if match := NUMBERED_TITLE.match(line):
            found.append(NumberedTitle(index + 1, match["kind"], match["label"]))
            lines[index] = f"# {match['title']}"
        elif match := UNNUMBERED.match(line):
            lines[index] = match["heading"].rstrip()
        elif NEWPAGE.match(line):
            lines[index] = NEWPAGE_ROLE
        elif prose is not None:
            lines[index] = prose(line, index + 1)
    return "\n".join(lines), found
