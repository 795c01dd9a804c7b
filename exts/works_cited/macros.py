"""Bound what ``@string`` macros expand to, before pybtex expands them.

pybtex expands every macro as it reads it, so 28 chained doublings
(``@string{a1 = a0 # a0}`` ...) in a 771-byte file build a 268-million
character string: the .bib equivalent of an XML bomb. This scanner computes
each macro's and each field's expanded length from the text alone, in one
pass, and names the first one over the limit. No Sphinx imports.
"""

from __future__ import annotations

import re

MAX_CHARS = 100_000  # one macro or field; the book's longest field has a few hundred
ENTRY = re.compile(r"@[ \t]*(\w+)[ \t]*[{(]")
KEY = re.compile(r"[^,@]*,")
NAME = re.compile(r"[^\s\"#%'(),={}]+")


def literal_end(text: str, start: int) -> int:
    """The index after a ``{...}`` or ``"..."`` literal starting at ``start`` (braces nest)."""
    closer = "}" if text[start] == "{" else '"'
    depth, index = 0, start + 1
    while index < len(text):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
        elif char == closer and depth == 0:
            return index + 1
        index += 1
    return len(text)


def skip_blank(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def value_length(text: str, index: int, sizes: dict[str, int]) -> tuple[int, int]:
    """(expanded length, index after) of a value ``part # part # ...`` at ``index``."""
    total = 0
    while True:
        index = skip_blank(text, index)
        if index >= len(text):
            return total, index
        if text[index] in '{"':
            end = literal_end(text, index)
            total += end - index - 2
        else:
            found = NAME.match(text, index)
            if not found:
                return total, index
            name = found.group(0)
            end = found.end()
            total += len(name) if name.isdigit() else sizes.get(name.casefold(), len(name))
        index = skip_blank(text, end)
        if index >= len(text) or text[index] != "#":
            return total, index
        index += 1


def oversized(text: str, limit: int = MAX_CHARS) -> tuple[int, str, int] | None:
    """(line, name, length) of the first macro or field that expands past ``limit``."""
    sizes: dict[str, int] = {}
    position = 0
    while found := ENTRY.search(text, position):
        kind, index = found.group(1).lower(), found.end()
        if kind in ("comment", "preamble"):
            position = index
            continue
        if kind != "string":  # skip the key
            key = KEY.match(text, index)
            if key is None:
                position = index
                continue
            index = key.end()
        while True:
            index = skip_blank(text, index)
            name = NAME.match(text, index)
            if not name:
                break
            index = skip_blank(text, name.end())
            if index >= len(text) or text[index] != "=":
                break
            length, index = value_length(text, index + 1, sizes)
            if length > limit:
                return text.count("\n", 0, name.start()) + 1, name.group(0), length
            if kind == "string":
                sizes[name.group(0).casefold()] = length
            if index < len(text) and text[index] == ",":
                index += 1
        position = max(index, found.end())
    return None
