"""Text patterns the conventions forbid (no Sphinx imports)."""

from __future__ import annotations

import re

HARDCODED_NUMBER = re.compile(
    r"\b(?:(?:Chapter|Ch\.|Figure|Fig\.|Table)\s*(?:\d+(?:\.\d+)?|[A-Z]\.\d+)|Appendix\s+[A-Z])\b"
)
PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|XXX)\b|\blorem\s+ipsum\b", re.IGNORECASE)
CASE_SENSITIVE = {"todo", "tbd", "xxx"}


def hardcoded_numbers(text: str) -> list[re.Match[str]]:
    """Typed chapter, figure, table and appendix numbers: "Chapter 7", "Figure 3.2"."""
    return list(HARDCODED_NUMBER.finditer(text))


def placeholders(text: str) -> list[re.Match[str]]:
    """TODO, TBD and XXX (capitals) and lorem ipsum (any case)."""
    return [
        m
        for m in PLACEHOLDER.finditer(text)
        if m.group().casefold() not in CASE_SENSITIVE or m.group().isupper()
    ]
