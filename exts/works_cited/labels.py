"""The seeds' citation label, "Kwon et al., 2023a", computed from BibTeX entries.

No Sphinx imports: the inline citation, the References lists and the Works
Cited page all call :func:`source_label`, so they always agree.
"""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from pybtex.backends.plaintext import Backend
from pybtex.database import Entry, Person
from pybtex.richtext import Text

TEXT = Backend()  # rendering through render_as("text") looks the plugin up every time: slow


@lru_cache(maxsize=65536)
def plain(value: str) -> str:
    """A BibTeX field as plain text: braces and LaTeX markup removed.

    Memoized: decoding LaTeX is pybtex's slowest step, and every label,
    sort key and References list asks for the same few hundred fields.
    """
    return Text.from_latex(value).render(TEXT).strip()


def surname(person: Person) -> str:
    """A person's surname as printed: van der Berg, Kwon, Google (from ``{{Google}}``)."""
    names = (*person.prelast_names, *person.last_names)
    if not names:
        return plain(str(person))
    return _surname(names)


@lru_cache(maxsize=65536)
def _surname(names: tuple[str, ...]) -> str:
    """The rich (LaTeX-decoded) names joined, as pybtex's ``rich_*_names`` give them."""
    return " ".join(Text(Text.from_latex(name)).render(TEXT).strip() for name in names)


def authors(entry: Entry) -> str:
    """One name, "A and B" for two, "A et al." for three or more.

    Falls back on the editors, then the title, then the key.
    """
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [surname(person) for person in persons]
    if not names:
        return plain(entry.fields["title"]) if "title" in entry.fields else entry.key
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def year(entry: Entry) -> str:
    return plain(entry.fields["year"]) if "year" in entry.fields else "n.d."


def sort_key(entry: Entry) -> tuple[str, str, str, str]:
    """Order of a References list: by author, then year, then title."""
    title = plain(entry.fields.get("title", ""))
    return authors(entry).casefold(), year(entry), title.casefold(), entry.key.casefold()


def suffixes(entries: Iterable[Entry]) -> dict[str, str]:
    """``a``, ``b``, ... for entries that share an author-year pair, else ``""``.

    Within a pair the letters follow the titles, so they do not depend on
    which chapter cites what.
    """
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[authors(entry), year(entry)].append(entry)
    result: dict[str, str] = {}
    for group in groups.values():
        ordered = sorted(group, key=sort_key)
        for index, entry in enumerate(ordered):
            result[entry.key] = string.ascii_lowercase[index % 26] if len(ordered) > 1 else ""
    return result


def source_label(entry: Entry, suffix: str = "") -> str:
    """The text inside ``[Source: ...]``: Kwon et al., 2023 or Google, 2024b."""
    return f"{authors(entry)}, {year(entry)}{suffix}"
