"""Directive fences nest at most :data:`MAX_DEPTH` deep.

MyST parses each directive's content with a fresh parser call, so 150
nested ``{note}`` fences exhaust Python's recursion limit ("Recursion
error!", no file or line). Before parsing, the fence that would open level
``MAX_DEPTH + 1`` becomes a plain code block (its content shown as written,
nothing inside it parsed) and is one located warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .logging import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MAX_DEPTH = 32
OPENER = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,}|:{3,})[ \t]*\{[^}\n]*\}[^\n]*$")
FENCE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>[^\n]*)$")


def closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a fence opened with ``fence``."""
    found = FENCE.match(line)
    return bool(
        found
        and not found.group("info").strip()
        and found.group("fence")[0] == fence[0]
        and len(found.group("fence")) >= len(fence)
    )


def limit_nesting(text: str, where: Callable[[int], object]) -> str:
    """``text`` with fences deeper than :data:`MAX_DEPTH` turned into code blocks."""
    lines = text.split("\n")
    open_fences: list[str] = []
    literal: str | None = None  # the fence of a code block being skipped
    for number, line in enumerate(lines):
        if literal is not None:
            if closes(line, literal):
                literal = None
            continue
        if open_fences and closes(line, open_fences[-1]):
            open_fences.pop()
            continue
        opener = OPENER.match(line)
        if opener is None:
            found = FENCE.match(line)
            if found and found.group("fence")[0] != ":":
                literal = found.group("fence")  # a code block: nothing inside is a directive
            continue
        if len(open_fences) < MAX_DEPTH:
            open_fences.append(opener.group("fence"))
            continue
        warn(
            f"directives nested more than {MAX_DEPTH} deep: this one is shown as a code block",
            "nesting",
            where(number + 1),
        )
        fence = opener.group("fence")
        info = "text" if fence[0] != ":" else "{code-block} text"
        lines[number] = f"{opener.group('indent')}{fence}{info}"
        literal = fence
    return "\n".join(lines)


def check_document(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: bound the fence nesting of a document."""
    source[0] = limit_nesting(source[0], lambda line: (docname, line))


def check_included(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``include-read``: bound the fence nesting of an included file."""
    path = Path(app.srcdir) / relative_path
    content[0] = limit_nesting(content[0], lambda line: f"{path}:{line}")
