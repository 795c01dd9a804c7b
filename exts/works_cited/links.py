"""The link policy for .bib entries: a ``url`` is http(s), a ``doi`` is a DOI.

No Sphinx imports. Anything else (``javascript:``, ``data:``, ``file:``, a
relative path) would become a clickable link on every citing chapter and on
Works Cited, so the field is removed from the entry (never linked, in any
format) and reported at its line in the .bib file.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pybtex.database import Entry

DOI = re.compile(r"10\.\d{4,9}/\S+")
SAFE_SCHEMES = {"http", "https"}
CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_url(value: str) -> bool:
    """Whether ``value`` is an absolute http(s) URL with a host, as a browser would read it."""
    if CONTROL.search(value.strip()) or "\\" in value:
        return False  # browsers drop tabs and newlines inside a scheme: java\tscript:
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.netloc)


def safe_doi(value: str) -> bool:
    """Whether ``value`` is a bare DOI (``10.1145/3600006.3613165``)."""
    return DOI.fullmatch(value.strip()) is not None


def field_line(text: str, entry_line: int, name: str) -> int:
    """The line of field ``name`` in the entry starting at ``entry_line`` (or the entry's line)."""
    pattern = re.compile(rf"(?:^|[\s,{{(]){re.escape(name)}\s*=", re.I)
    for number, line in enumerate(text.splitlines()[entry_line - 1 :], start=entry_line):
        if number > entry_line and line.lstrip().startswith("@"):
            break
        if pattern.search(line):
            return number
    return entry_line


def unsafe_links(entry: Entry) -> list[tuple[str, str]]:
    """(field, message) for each link field of ``entry`` outside the policy."""
    found = []
    url = entry.fields.get("url")
    if url is not None and not safe_url(str(url)):
        found.append(("url", f"url {str(url)[:80]!r} is not an http(s) URL: not linked"))
    doi = entry.fields.get("doi")
    if doi is not None and not safe_doi(str(doi)):
        found.append(("doi", f"doi {str(doi)[:80]!r} is not a DOI (10.NNNN/...): not linked"))
    return found
