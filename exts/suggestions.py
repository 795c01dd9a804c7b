"""'Did you mean' for mistyped names: the closest known names by edit distance.

No Sphinx imports. Used by every warning about an unknown name (citation key,
chapter slug, diagram path, glossary term, label, Book 1 key), so a typo's
warning carries its fix.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_SUGGESTIONS = 3
MAX_LENGTH = 200  # longer names are compared by their first 200 characters


def edit_distance(first: str, second: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours counts once), capped at ``limit + 1``."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(second) + 1))
    for i, char in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, other in enumerate(second, start=1):
            cost = 0 if char == other else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == second[j - 2] and first[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def closest(word: str, candidates: Iterable[str], preferred: Iterable[str] = ()) -> list[str]:
    """Up to three candidates within a quarter of ``word``'s length (at least 2 edits), case aside.

    Nearer first; at equal distance, names in ``preferred`` (say, entries nothing
    cites yet) first, then alphabetical.
    """
    typed = word[:MAX_LENGTH]
    folded = typed.casefold()
    limit = max(2, len(folded) // 4)
    favoured = set(preferred)
    scored = []
    for candidate in set(candidates):
        distance = edit_distance(folded, candidate[:MAX_LENGTH].casefold(), limit)
        if distance <= limit and candidate != typed:
            scored.append((distance, candidate not in favoured, candidate))
    return [candidate for *_, candidate in sorted(scored)[:MAX_SUGGESTIONS]]


def did_you_mean(word: str, candidates: Iterable[str], preferred: Iterable[str] = ()) -> str:
    """``"; did you mean 'x'?"`` (or ``'x' or 'y'``), or ``""`` when nothing is close."""
    found = closest(word, candidates, preferred)
    if not found:
        return ""
    return "; did you mean " + " or ".join(repr(name) for name in found) + "?"
