"""``[Source: Author, Year]`` -> ``{cite:p}`key``` when exactly one bib entry matches.

Labels are compared with the ones the works_cited extension renders
(``source_label``), so a written citation converts exactly when it reads
like the citation the book would print for that entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pybtex.database import Entry

from exts.works_cited.labels import authors, plain, source_label, suffixes, year

SOURCE = re.compile(r"\[Source:\s*(?P<body>[^\[\]\n]+)\]")  # no "[" inside: linear time


@dataclass(frozen=True)
class Unmatched:
    """A written citation that names no bib entry, or several."""

    line: int
    written: str
    candidates: tuple[str, ...]  # each 'key ("Printed Label", "Title")'
    several: bool  # True: the candidates all match; False: none does, these come close

    @property
    def message(self) -> str:
        names = "; ".join(self.candidates) or "none"
        if self.several:
            found = f"matches several bib entries: {names}"
        else:
            found = f"matches no bib entry (candidates: {names})"
        return f"[Source: {self.written}] {found}; write {{cite:p}}`key`"


def normal(text: str) -> str:
    return " ".join(text.replace("&", "and").split()).casefold()


class Matcher:
    """Find the entry a written "Author, Year" names."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        letters = suffixes(self.entries)
        self.labels = {e.key: normal(source_label(e, letters[e.key])) for e in self.entries}
        self.plain = {e.key: normal(source_label(e)) for e in self.entries}
        # formatted once: pybtex's LaTeX parsing is slow, and a chapter may cite often
        self.authors = {e.key: normal(authors(e)) for e in self.entries}
        self.years = {e.key: year(e) for e in self.entries}
        self.printed = {e.key: source_label(e, letters[e.key]) for e in self.entries}
        self.titles = {e.key: plain(e.fields.get("title", "")) for e in self.entries}

    def describe(self, key: str) -> str:
        """``yu2022orca ("Yu et al., 2022a", "Orca: ...")``: what tells two candidates apart."""
        return f'{key} ("{self.printed[key]}", "{self.titles[key]}")'

    def keys(self, written: str) -> list[str]:
        """The entries ``written`` names, most exact reading first.

        "Kwon et al., 2023" or "Google, 2024b" as the book prints them, else
        the same without the a/b suffix, else first author and year alone.
        """
        wanted = normal(written)
        for labels in (self.labels, self.plain):
            found = [key for key, label in labels.items() if label == wanted]
            if found:
                return found
        name, _, when = wanted.rpartition(",")
        first = name.split(" ")[0]
        return [
            key
            for key, names in self.authors.items()
            if names.split(" ")[0] == first and self.years[key] == when.strip()
        ]

    def near(self, written: str) -> list[str]:
        """Entries by the same first author, or of the same year, for the warning."""
        name, _, when = written.rpartition(",")
        first = normal(name).split(" ")[0] if name else ""
        by_author = [key for key, names in self.authors.items() if names.startswith(first)] if first else []
        return by_author or [key for key, entry_year in self.years.items() if entry_year == when.strip()[:4]]


def convert_line(line: str, number: int, matcher: Matcher) -> tuple[str, list[Unmatched]]:
    """Rewrite each ``[Source: ...]`` on one line whose every part names one entry."""
    problems: list[Unmatched] = []
    ticks = [0, 0]  # position counted up to, backticks before it: counted once per line

    def replace(match: re.Match[str]) -> str:
        ticks[1] += line.count("`", ticks[0], match.start())
        ticks[0] = match.start()
        if ticks[1] % 2:
            return match.group()  # inside inline code
        keys: list[str] = []
        for part in (p.strip() for p in match["body"].split(";")):
            found = matcher.keys(part)
            if len(found) == 1:
                keys.append(found[0])
            else:
                candidates = tuple(map(matcher.describe, sorted(found or matcher.near(part))))
                problems.append(Unmatched(number, part, candidates, several=bool(found)))
        if len(keys) != len(match["body"].split(";")):
            return match.group()
        return "{cite:p}`" + ",".join(dict.fromkeys(keys)) + "`"

    return SOURCE.sub(replace, line), problems
