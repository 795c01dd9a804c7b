"""Document status and the status matrix as data (no Sphinx imports).

A document declares ``status: outline|draft|review|final`` in its front
matter. Targets per slug (prose word range, planned diagrams) come from a
TOML table beside book.toml.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

STATUSES = ("outline", "draft", "review", "final")


def is_written(status: str | None) -> bool:
    """Draft or later: the rules for prose apply, not only the outline rules."""
    return status in STATUSES[1:]


@dataclass(frozen=True)
class Target:
    """What BOOK_PLAN.md plans for one document."""

    words: tuple[int, int]
    diagrams: int


@dataclass(frozen=True)
class Problem:
    message: str
    line: int


def load_targets(path: Path) -> tuple[dict[str, Target], list[Problem]]:
    """Read ``[slug] words = [min, max] diagrams = n`` tables from ``path``.

    A book without the file has no targets (the matrix shows counts alone).
    """
    if not path.exists():
        return {}, []
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return {}, [Problem(f"cannot read {path.name}: {err}", 1)]
    lines = text.splitlines()
    targets: dict[str, Target] = {}
    problems: list[Problem] = []
    for slug, raw in data.items():
        line = next((n for n, t in enumerate(lines, start=1) if t.strip() == f"[{slug}]"), 1)
        words, diagrams = raw.get("words") if isinstance(raw, dict) else None, None
        if isinstance(raw, dict):
            diagrams = raw.get("diagrams", 0)
        valid_words = (
            isinstance(words, list)
            and len(words) == 2
            and all(isinstance(w, int) for w in words)
            and words[0] <= words[1]
        )
        if not valid_words or not isinstance(diagrams, int):
            problems.append(Problem(f"[{slug}] needs words = [min, max] and diagrams = n", line))
            continue
        targets[slug] = Target((words[0], words[1]), diagrams)
    return targets, problems


@dataclass(frozen=True)
class DocStats:
    """What one document contains, counted at read time."""

    status: str | None
    words: int
    diagrams: int
    citations: frozenset[str]
    book1: frozenset[str]


@dataclass(frozen=True)
class Row:
    """One line of the status matrix."""

    label: str  # "5", "A" or "-"
    title: str
    slug: str
    stats: DocStats
    target: Target | None
    extra: tuple[str, ...] = ()  # columns other extensions add (exts.facts: facts used, due)


HEADER = ("Ch", "Title", "Status", "Words", "Diagrams", "Citations", "Book 1 refs")


@dataclass(frozen=True)
class Extra:
    """Columns and notes another extension adds to the matrix (see ``StatusDomain.extras``)."""

    header: tuple[str, ...] = ()
    totals: tuple[str, ...] = ()
    # (title, header, rows) of tables shown under the matrix, e.g. facts to re-confirm
    notes: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = ()


def cells(row: Row) -> tuple[str, ...]:
    """The matrix cells of ``row``: words and diagrams against the plan."""
    stats, target = row.stats, row.target
    words = f"{stats.words} / {target.words[0]}-{target.words[1]}" if target else str(stats.words)
    diagrams = f"{stats.diagrams} / {target.diagrams}" if target else str(stats.diagrams)
    return (
        row.label,
        row.title,
        stats.status or "?",
        words,
        diagrams,
        str(len(stats.citations)),
        str(len(stats.book1)),
        *row.extra,
    )


def totals(rows: list[Row], extra: Extra | None = None) -> tuple[str, ...]:
    """The matrix's last line: the book's sums."""
    words = sum(r.stats.words for r in rows)
    diagrams = sum(r.stats.diagrams for r in rows)
    citations = len(frozenset().union(*(r.stats.citations for r in rows)))
    book1 = len(frozenset().union(*(r.stats.book1 for r in rows)))
    more = extra.totals if extra else ()
    return ("", "Total", "", str(words), str(diagrams), str(citations), str(book1), *more)


def markdown_table(rows: list[Row], extra: Extra | None = None) -> str:
    """The matrix as a Markdown table, the form the hand-kept tracker had; then any notes."""
    header = HEADER + (extra.header if extra else ())
    text = _markdown([header, *(cells(r) for r in rows), totals(rows, extra)])
    for title, note_header, note_rows in extra.notes if extra else ():
        text += f"\n## {title}\n\n" + _markdown([note_header, *note_rows])
    return text


def _markdown(lines: list[tuple[str, ...]]) -> str:
    lines = [lines[0], ("---",) * len(lines[0]), *lines[1:]]
    return "".join("| " + " | ".join(line) + " |\n" for line in lines)
