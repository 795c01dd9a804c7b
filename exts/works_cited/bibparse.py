"""Read the book's .bib files without ever raising: data, entry lines, problems.

No Sphinx imports. pybtex stops at the first error in strict mode; here its
errors are captured instead, so one broken file or entry is one located
problem and every other entry stays usable.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PrematureEOF, PybtexSyntaxError

from .duplicates import duplicate_works
from .links import field_line, unsafe_links
from .macros import MAX_CHARS, oversized

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(]\s*([^,\s{}()]*)", re.M)  # the key may be on the next line
NOT_ENTRIES = {"comment", "string", "preamble"}


@dataclass(frozen=True)
class Problem:
    """Something wrong in a .bib file, located by file and line."""

    subtype: str
    message: str
    path: Path
    line: int

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class ParsedBib:
    """All entries of all files, which file holds which keys, and where."""

    data: BibliographyData
    keys: dict[Path, list[str]] = field(default_factory=dict)
    lines: dict[str, tuple[Path, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)


def entry_starts(text: str) -> list[tuple[int, str]]:
    """(line, key) of every entry in a .bib text, in file order."""
    return [
        (text.count("\n", 0, match.start()) + 1, match.group(2))
        for match in ENTRY_START.finditer(text)
        if match.group(1).lower() not in NOT_ENTRIES
    ]


def unclosed_entry(text: str) -> tuple[int, str] | None:
    """The entry whose braces are still open when the next entry (or the file) starts."""
    starts = dict(entry_starts(text))
    depth, current = 0, None
    for number, line in enumerate(text.splitlines(), start=1):
        if number in starts:
            if depth > 0 and current is not None:
                return current
            depth, current = 0, (number, starts[number])
        depth += line.count("{") + line.count("(") - line.count("}") - line.count(")")
    return current if depth > 0 else None


def parse_bibfiles(paths: list[Path], encoding: str) -> ParsedBib:
    """Parse ``paths`` in order into one collection; report, never raise."""
    parser = Parser()  # the encoding is for files: read_bib decodes, the parser gets text
    result = ParsedBib(parser.data)
    seen: dict[str, tuple[Path, int]] = {}
    for path in paths:
        before = set(parser.data.entries.keys())
        text, problem = read_bib(path, encoding)
        if problem is None and (too_large := oversized(text)):
            line, name, length = too_large
            message = (f"{name!r} expands to {length} characters (the limit is {MAX_CHARS}): "
                       f"{path.name} is not read")
            problem = Problem("expansion", message, path, line)
        if problem is not None:
            result.problems.append(problem)
            result.keys[path] = []
            continue
        with pybtex.errors.capture() as errors:
            parser.parse_string(text)
        syntax = [error for error in errors if isinstance(error, PybtexSyntaxError)]
        broken: set[str] = set()
        if syntax:
            problem, broken = syntax_problem(syntax[0], path, text)
            result.problems.append(problem)
            for key in broken:
                parser.data.entries.pop(key, None)
        for line, key in entry_starts(text):
            if key in broken:
                continue
            first = seen.setdefault(key.casefold(), (path, line))
            if first != (path, line):
                result.problems.append(
                    Problem(
                        "duplicate-key",
                        f"duplicate key {key!r}: already defined at {first[0].name}:{first[1]}; "
                        "this entry is ignored",
                        path,
                        line,
                    )
                )
            else:
                result.lines[key] = (path, line)
        result.keys[path] = [key for key in parser.data.entries if key not in before]
        result.problems += refuse_unsafe_links(
            parser.data, result.keys[path], result.lines, text, result.refused
        )
    result.problems += missing_links(result)
    for key, message in duplicate_works(result.data.entries, result.lines):
        path, line = result.lines.get(key, (Path("bib"), 1))
        result.problems.append(Problem("duplicate-work", message, path, line))
    return result


def read_bib(path: Path, encoding: str) -> tuple[str, Problem | None]:
    """The text of ``path``, or the problem that stops it being read, at its line."""
    try:
        data = path.read_bytes()
        return data.decode(encoding), None
    except OSError as err:
        return "", Problem("malformed-bib", f"cannot read {path.name}: {err.strerror}", path, 1)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        name = "UTF-8" if codecs.lookup(encoding).name.startswith("utf-8") else encoding
        message = f"cannot read {path.name}: not {name} ({err.reason}); save the file as {name}"
        return "", Problem("malformed-bib", message, path, line)


def syntax_problem(error: PybtexSyntaxError, path: Path, text: str) -> tuple[Problem, set[str]]:
    """Point at the entry that broke the file, not at the end of the file.

    Also returns the key of the broken entry, which is dropped: what pybtex
    kept of it is not what the author wrote.
    """
    unclosed = unclosed_entry(text) if isinstance(error, PrematureEOF) else None
    if unclosed is not None:
        line, key = unclosed
        message = (
            f"malformed .bib: entry {key!r} is never closed (unbalanced braces); "
            "entries after it are lost"
        )
        return Problem("malformed-bib", message, path, line), {key}
    line = getattr(error, "lineno", 1) or 1
    message = str(error).split(": ", 1)[-1] if str(error).startswith("syntax error") else str(error)
    starts = [key for start, key in entry_starts(text) if start <= line]
    return Problem("malformed-bib", f"malformed .bib: {message}", path, line), set(starts[-1:])


def refuse_unsafe_links(
    data: BibliographyData,
    keys: list[str],
    lines: dict[str, tuple[Path, int]],
    text: str,
    refused: set[str],
) -> list[Problem]:
    """Remove every link field outside the policy (links.py) from ``keys``; one problem each."""
    problems = []
    for key in keys:
        entry = data.entries[key]
        for name, message in unsafe_links(entry):
            del entry.fields[name]
            refused.add(key)
            if key in lines:
                path, line = lines[key]
                problems.append(
                    Problem("unsafe-url", f"entry {key!r}: {message}", path, field_line(text, line, name))
                )
    return problems


def missing_links(parsed: ParsedBib) -> list[Problem]:
    """Every entry needs a ``url`` or a ``doi``: that is what linkcheck checks."""
    problems = []
    for key, entry in parsed.data.entries.items():
        if key in parsed.refused:
            continue  # already reported, at its url or doi line
        if "url" not in entry.fields and "doi" not in entry.fields:
            path, line = parsed.lines.get(key, (Path("bib"), 1))
            problems.append(
                Problem("no-url", f"entry {key!r} has neither a url nor a doi field", path, line)
            )
    return problems
