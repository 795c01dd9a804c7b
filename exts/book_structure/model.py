"""The book's structure as data: parse ``book.toml`` and number its documents.

No Sphinx imports: this module is tested on its own. Problems in the file are
returned as :class:`Problem` records (message, line, subtype) so the caller
can report them through Sphinx's logger with a location.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Kind = Literal["front", "chapter", "appendix", "back"]

AT_LINE = re.compile(r"\(at line (\d+)")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class Part:
    """A part of the book: its roman number and its title."""

    number: str
    title: str

    @property
    def caption(self) -> str:
        return f"Part {self.number}: {self.title}"


@dataclass(frozen=True)
class Entry:
    """One document in the book, with everything its position implies."""

    docname: str
    kind: Kind
    label: str | None  # "5" for chapter 5, "A" for appendix A, None otherwise
    part: Part | None
    line: int  # line of the entry in book.toml (1-based)

    @property
    def slug(self) -> str:
        return self.docname.rsplit("/", 1)[-1]

    @property
    def label_text(self) -> str:
        """The words that precede the title: "Chapter 5", "Appendix A" or ""."""
        if self.kind == "chapter":
            return f"Chapter {self.label}"
        if self.kind == "appendix":
            return f"Appendix {self.label}"
        return ""


@dataclass(frozen=True)
class Problem:
    """Something wrong with the structure file, located by line."""

    subtype: str
    message: str
    line: int


@dataclass
class BookStructure:
    """The ordered documents of the book, grouped the way readers see them."""

    entries: list[Entry] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_docname = {e.docname: e for e in self.entries}
        self._by_slug: dict[str, Entry] = {}
        for entry in self.entries:  # the first document with a slug keeps it (duplicates are warned)
            self._by_slug.setdefault(entry.slug, entry)
        self._numbered = [e for e in self.entries if e.kind in ("chapter", "appendix")]
        self._reading_position = {e.docname: n for n, e in enumerate(self._numbered)}

    def get(self, docname: str) -> Entry | None:
        return self._by_docname.get(docname)

    def by_slug(self, slug: str) -> Entry | None:
        return self._by_slug.get(slug)

    def of_kind(self, kind: Kind) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def in_part(self, part: Part) -> list[Entry]:
        return [e for e in self.entries if e.part == part]

    def next_reading(self, docname: str, present: Container[str] | None = None) -> Entry | None:
        """The chapter or appendix a reader goes to after ``docname``.

        With ``present``, documents that have no source file are skipped.
        """
        position = self._reading_position.get(docname)
        if position is None:
            return None
        return next(
            (e for e in self._numbered[position + 1 :] if present is None or e.docname in present),
            None,
        )

    def fingerprint(self, docname: str, present: Container[str] | None = None) -> tuple[object, ...]:
        """What a document's rendering depends on: its label and its Next link."""
        entry = self.get(docname)
        if entry is None:
            return ("unlisted",)
        after = self.next_reading(docname, present)
        return (entry.kind, entry.label, after.docname if after else None)


def load_structure(path: Path) -> tuple[BookStructure, list[Problem]]:
    """Read ``path`` and return the structure with every problem found in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return BookStructure(), [Problem("unreadable", f"cannot read {path.name}: {err}", 1)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return BookStructure(), [Problem("syntax", f"invalid TOML: {err}", _line_from_message(str(err)))]
    return parse_structure(data, text.splitlines())


TOP_LEVEL_KEYS = {"front", "part", "appendices", "back"}
PART_KEYS = {"title", "chapters"}
GROUP_KEYS = {"docs"}


def parse_structure(data: dict, lines: list[str]) -> tuple[BookStructure, list[Problem]]:
    """Build the structure from parsed TOML; ``lines`` locate each entry."""
    problems: list[Problem] = []
    locator = _Locator(lines)
    entries: list[Entry] = []
    parts: list[Part] = []

    def unknown_keys(table: dict, allowed: set[str], where: str, line: int) -> None:
        for key in sorted(set(table) - allowed):
            problems.append(Problem("syntax", f"unknown key {key!r} in {where}", locator.key(key, after=line)))

    def group(where: str) -> list[str]:
        """The docs of [front], [appendices] or [back]."""
        table = data.get(where)
        if table is None:
            return []
        if not isinstance(table, dict):
            problems.append(Problem("syntax", f"{where} must be a table ([{where}])", locator.key(where)))
            return []
        line = locator.key(f"[{where}]")
        unknown_keys(table, GROUP_KEYS, f"[{where}]", line)
        return docnames(table, "docs", where, line)

    def docnames(table: dict, key: str, where: str, line: int) -> list[str]:
        """The list ``key`` of ``table`` (the table starts at ``line``)."""
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(Problem("syntax", f"{key} in [{where}] must be a list of docnames", locator.key(key, after=line)))
            return []
        return [v.strip().removesuffix(".md") for v in value]

    unknown_keys(data, TOP_LEVEL_KEYS, "book.toml", 0)
    for docname in group("front"):
        entries.append(Entry(docname, "front", None, None, locator.find(docname)))

    raw_parts = data.get("part", [])
    if not isinstance(raw_parts, list):
        problems.append(Problem("syntax", "parts are written as [[part]] tables", locator.key("part")))
        raw_parts = []
    for index, raw in enumerate(raw_parts):
        line = locator.nth("[[part]]", index)
        if not isinstance(raw, dict):
            problems.append(Problem("syntax", "parts are written as [[part]] tables", locator.key("part")))
            continue
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            problems.append(Problem("syntax", f"part {index + 1} has no title", line))
            title = f"Part {index + 1}"
        unknown_keys(raw, PART_KEYS, f"part {index + 1}", line)
        part = Part(ROMAN[index] if index < len(ROMAN) else str(index + 1), title.strip())
        parts.append(part)
        for docname in docnames(raw, "chapters", "part", line):
            entries.append(Entry(docname, "chapter", None, part, locator.find(docname)))

    for docname in group("appendices"):
        entries.append(Entry(docname, "appendix", None, None, locator.find(docname)))

    for docname in group("back"):
        entries.append(Entry(docname, "back", None, None, locator.find(docname)))

    unique: list[Entry] = []
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.docname in seen:
            first = seen[entry.docname]
            line = locator.find(entry.docname, occurrence=2)
            problems.append(
                Problem(
                    "duplicate",
                    f"{entry.docname!r} is listed twice (first on line {first.line})",
                    line,
                )
            )
            continue
        seen[entry.docname] = entry
        unique.append(entry)
    problems += duplicate_slugs(unique)
    return BookStructure(_number(unique), parts), problems


def duplicate_slugs(entries: list[Entry]) -> list[Problem]:
    """Two documents whose names end the same way: ``{chapter}`slug``` cannot tell them apart."""
    problems: list[Problem] = []
    first: dict[str, Entry] = {}
    for entry in entries:
        earlier = first.setdefault(entry.slug, entry)
        if earlier is not entry:
            problems.append(
                Problem(
                    "duplicate-slug",
                    f"{entry.docname!r} has the slug {entry.slug!r} of {earlier.docname!r} "
                    f"(line {earlier.line}): chapter references to {entry.slug!r} would be "
                    "ambiguous; rename one of them",
                    entry.line,
                )
            )
    return problems


def without_root(structure: BookStructure, root_doc: str) -> tuple[BookStructure, list[Problem]]:
    """The structure without the root document, which holds the contents and is never listed."""
    entry = structure.get(root_doc)
    if entry is None:
        return structure, []
    problem = Problem(
        "root-listed",
        f"{root_doc!r} is the root document (the title page with the contents): "
        "it cannot be listed in the book; remove it",
        entry.line,
    )
    kept = [e for e in structure.entries if e.docname != root_doc]
    return BookStructure(_number(kept), structure.parts), [problem]


def _number(entries: list[Entry]) -> list[Entry]:
    """Label chapters 1, 2, ... across parts and appendices A, B, ... in order."""
    chapter, letter = 0, 0
    result = []
    for e in entries:
        if e.kind == "chapter":
            chapter += 1
            e = Entry(e.docname, e.kind, str(chapter), e.part, e.line)
        elif e.kind == "appendix":
            e = Entry(e.docname, e.kind, chr(ord("A") + letter), e.part, e.line)
            letter += 1
        result.append(e)
    return result


class _Locator:
    """Find the line on which a value or key appears in the TOML text."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def find(self, docname: str, occurrence: int = 1) -> int:
        seen = 0
        for number, line in enumerate(self.lines, start=1):
            if f'"{docname}' in line or f"'{docname}" in line:
                seen += 1
                if seen == occurrence:
                    return number
        return 1

    def key(self, key: str, after: int = 0) -> int:
        for number, line in enumerate(self.lines, start=1):
            if number > after and line.strip().startswith(key):
                return number
        return 1

    def nth(self, marker: str, index: int) -> int:
        found = [n for n, line in enumerate(self.lines, start=1) if line.strip() == marker]
        return found[index] if index < len(found) else 1


def _line_from_message(message: str) -> int:
    """tomllib puts "(at line N, column M)" in its message; 1 when it does not."""
    found = AT_LINE.search(message)
    return int(found.group(1)) if found else 1
