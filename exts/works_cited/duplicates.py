"""One work, one key: entries that name the same work under different keys.

No Sphinx imports. Two entries are the same work when they share a DOI, a
URL, or a title by the same authors (normalised: case, braces, punctuation
and spacing do not count). The later entry, in reading order, is reported,
with the file and line of the first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pybtex.database import Entry

DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.I)
NOT_WORD = re.compile(r"[\W_]+")


def normal_doi(doi: str) -> str:
    """``10.1145/3600006.3613165`` however it is written (DOIs are case-insensitive)."""
    return DOI_PREFIX.sub("", doi.strip()).casefold()


def normal_url(url: str) -> str:
    """A URL without scheme, ``www.``, fragment, trailing slash or letter case in the host."""
    parts = urlsplit(url.strip())
    host = parts.netloc.casefold().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def normal_text(text: str) -> str:
    """Letters and digits only, case-folded, accents and TeX braces ignored."""
    decomposed = unicodedata.normalize("NFKD", text.replace("{", "").replace("}", ""))
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return NOT_WORD.sub(" ", ascii_only).casefold().strip()


def author_names(entry: Entry) -> str:
    """The entry's author (or editor) last names, normalised, in order."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(person.last_names) for person in people]
    return normal_text(" ".join(names))


def identities(entry: Entry) -> Iterator[tuple[str, str]]:
    """(what, normalised value) for each field that identifies the work."""
    fields = entry.fields
    if fields.get("doi"):
        yield "DOI", normal_doi(fields["doi"])
    if fields.get("url"):
        url = fields["url"]
        yield ("DOI", normal_doi(url)) if DOI_PREFIX.match(url) else ("URL", normal_url(url))
    title = normal_text(fields.get("title", ""))
    if title:
        yield "title and authors", f"{title} / {author_names(entry)}"


def duplicate_works(
    entries: Mapping[str, Entry], lines: Mapping[str, tuple[Path, int]]
) -> list[tuple[str, str]]:
    """(key, message) for every entry that repeats a work an earlier entry already names."""
    first_seen: dict[tuple[str, str], str] = {}
    found = []
    for key, entry in entries.items():
        for what, value in identities(entry):
            other = first_seen.setdefault((what, value), key)
            if other == key:
                continue
            other_path, other_line = lines.get(other, (Path("bib"), 1))
            message = (
                f"entry {key!r} is the same work as {other!r} ({other_path.name}:{other_line}): "
                f"same {what}; cite {other!r} and delete this entry"
            )
            found.append((key, message))
            break
    return found
