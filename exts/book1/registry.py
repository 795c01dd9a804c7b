"""The Book 1 registry as data: parse ``bib/book1.toml``.

No Sphinx imports: this module is tested on its own. Problems are returned as
:class:`Problem` records so the caller reports them with a location.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Book1Chapter:
    """One chapter (or appendix) of Book 1, addressed by a stable key."""

    key: str
    kind: str  # "Chapter" or "Appendix"
    number: str
    title: str
    page: str

    @property
    def label(self) -> str:
        """ "Chapter 5: Network & Connection Optimization"."""
        return f"{self.kind} {self.number}: {self.title}"


@dataclass(frozen=True)
class Problem:
    message: str
    line: int


@dataclass
class Registry:
    """Book 1's title and its chapters in reading order."""

    title: str = "Book 1"
    path: str = ""
    chapters: list[Book1Chapter] = field(default_factory=list)

    def get(self, key: str) -> Book1Chapter | None:
        return next((c for c in self.chapters if c.key == key), None)

    def numbered(self, kind: str, number: str) -> Book1Chapter | None:
        """The chapter Book 1 calls ``kind number`` ("Chapter", "5")."""
        return next((c for c in self.chapters if (c.kind, c.number) == (kind, number)), None)

    def order(self, key: str) -> int:
        return next((i for i, c in enumerate(self.chapters) if c.key == key), len(self.chapters))


KINDS = {"chapter": "Chapter", "appendix": "Appendix"}
FIELDS = ("key", "number", "title")


def load_registry(path: Path) -> tuple[Registry, list[Problem]]:
    """Read the registry at ``path`` and return it with every problem found."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return Registry(), [Problem(f"cannot read {path.name}: {err}", 1)]
    lines = text.splitlines()
    problems: list[Problem] = []
    registry = Registry(title=str(data.get("title", "Book 1")), path=str(path))
    for table, kind in KINDS.items():
        entries = data.get(table, [])
        if not isinstance(entries, list):
            entries = []
            problems.append(Problem(f"{table} entries are written as [[{table}]] tables", _key_line(lines, table)))
        for index, raw in enumerate(entries):
            line = _nth_line(lines, f"[[{table}]]", index)
            if not isinstance(raw, dict):
                problems.append(Problem(f"{table} entries are written as [[{table}]] tables", _key_line(lines, table)))
                continue
            missing = [name for name in FIELDS if not isinstance(raw.get(name), str | int)]
            if missing:
                problems.append(Problem(f"{table} entry lacks {', '.join(missing)}", line))
                continue
            key = str(raw["key"])
            if registry.get(key):
                problems.append(Problem(f"key {key!r} is listed twice", line))
                continue
            page = str(raw.get("page", key))
            registry.chapters.append(
                Book1Chapter(key, kind, str(raw["number"]), str(raw["title"]), page)
            )
    return registry, problems


def _key_line(lines: list[str], key: str) -> int:
    """The first line that assigns ``key`` (1 if none does)."""
    return next((n for n, line in enumerate(lines, start=1) if line.strip().lstrip("[").startswith(key)), 1)


def _nth_line(lines: list[str], marker: str, index: int) -> int:
    found = [n for n, line in enumerate(lines, start=1) if line.strip() == marker]
    return found[index] if index < len(found) else 1
