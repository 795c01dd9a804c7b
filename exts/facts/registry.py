"""The facts registry as data: read ``bib/facts.toml``, evaluate formulas, check.

No Sphinx imports. Each fact is a TOML table named by its key::

    [h100-sxm-bandwidth]
    label = "H100 SXM memory bandwidth"
    value = "3.35 TB/s"
    cite = "nvidia2024h100"
    as_of = 2026-11-30

    [weight-link-bandwidth]
    value = "10 Gbit/s"
    assumption = "an example link"   # a value the book chooses: no cite, never due

    [decode-step-lower-bound]
    label = "Decode step lower bound, Llama 3.1 8B on H100 SXM"
    formula = "llama31_8b_weight_bytes / h100_sxm_bandwidth"
    unit = "ms"
    format = ".1f"

Problems are returned as :class:`Problem` records (message, warning subtype,
line in the registry file); a fact with a problem is left out, so the roles
that use it warn as for an unknown key rather than print a wrong number.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pint

from . import formula as formulas
from .units import UnitsError, check_format, convert, parse_unit, parse_value, quantity

KEY_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
FIELDS = {
    "label",
    "value",
    "formula",
    "unit",
    "format",
    "cite",
    "as_of",
    "note",
    "hand_typed",
    "assumption",
}
MAX_KEY = 64
MAX_FILE_BYTES = 1_000_000
MAX_CHAIN = 64


@dataclass(frozen=True)
class Fact:
    """One registry entry, evaluated. Plain data: pickled with the environment."""

    key: str
    line: int
    label: str
    magnitude: float  # in ``unit_text`` (a primary fact) or in pint's units (``units``)
    units: str  # pint's name for the value's unit, e.g. "terabyte / second"
    written: str  # the value as written in the registry ("3.35 TB/s"), "" for a formula
    unit: str  # display unit ("" = as written / as computed)
    format: str
    cites: tuple[str, ...]  # its own citation, or those of the facts a formula uses
    as_of: dt.date | None  # the oldest confirmation date among its sources
    formula: str = ""
    sources: tuple[str, ...] = ()  # primary facts a formula depends on
    note: str = ""
    hand_typed: bool = True  # False: a value too common to flag in prose (e.g. 300 ms)
    assumption: str = ""  # a value the book chooses (no source): why

    @property
    def quantity(self) -> pint.Quantity:
        return quantity(self.magnitude, self.units)

    def signature(self) -> tuple:
        """What a document that shows this fact depends on."""
        return (
            self.assumption,
            self.magnitude,
            self.units,
            self.written,
            self.unit,
            self.format,
            self.cites,
            self.as_of,
            self.label,
        )


@dataclass(frozen=True)
class Problem:
    message: str
    subtype: str
    line: int


@dataclass
class Registry:
    path: str = ""
    facts: dict[str, Fact] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # every key written, valid or not

    def get(self, key: str) -> Fact | None:
        return self.facts.get(key)

    def suggest(self, key: str) -> str | None:
        return suggest(key, self.facts)

    def due(self, key: str, today: dt.date, max_age_days: int) -> bool:
        fact = self.facts.get(key)
        return bool(fact and fact.as_of and (today - fact.as_of).days > max_age_days)


def load_registry(
    path: Path, bib_keys: Iterable[str] | None = None
) -> tuple[Registry, list[Problem]]:
    """Read ``path``; ``bib_keys`` (None: not checked) are the keys a ``cite`` may name."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return Registry(str(path)), [Problem(f"{path.name} is over 1 MB", "syntax", 1)]
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = getattr(err, "lineno", None) or _error_line(str(err))
        return Registry(str(path)), [
            Problem(f"{path.name} is not valid TOML: {err}", "syntax", line)
        ]
    except (OSError, UnicodeDecodeError, RecursionError) as err:
        return Registry(str(path)), [Problem(f"cannot read {path.name}: {err}", "syntax", 1)]
    return build_registry(
        data, text.splitlines(), str(path), None if bib_keys is None else set(bib_keys)
    )


def _error_line(message: str) -> int:
    match = re.search(r"at line (\d+)", message)
    return int(match[1]) if match else 1


def build_registry(
    data: dict, lines: list[str], path: str = "", bib_keys: set[str] | None = None
) -> tuple[Registry, list[Problem]]:
    registry = Registry(path)
    problems: list[Problem] = []
    positions = _positions(lines)
    raw: dict[str, dict] = {}
    for key, entry in data.items():
        line = positions.get((key, None), 1)
        registry.lines[key] = line
        if not KEY_RE.fullmatch(key) or len(key) > MAX_KEY:
            problems.append(
                Problem(
                    f"fact key {key[:MAX_KEY]!r} is not lowercase words joined by hyphens "
                    "(e.g. h100-sxm-bandwidth)",
                    "syntax",
                    line,
                )
            )
            continue
        if not isinstance(entry, dict):
            problems.append(Problem(f"fact {key!r} is written as a [{key}] table", "syntax", line))
            continue
        unknown = sorted(set(entry) - FIELDS)
        if unknown:
            problems.append(
                Problem(
                    f"fact {key!r} has unknown field(s) {', '.join(unknown)} "
                    f"(fields: {', '.join(sorted(FIELDS))})",
                    "syntax",
                    positions.get((key, unknown[0]), line),
                )
            )
            continue
        raw[key] = entry

    def at(key: str, name: str) -> int:
        return positions.get((key, name), registry.lines.get(key, 1))

    # Primary facts: a value, a citation, a date.
    pending: dict[str, formulas.ast.Expression] = {}
    for key, entry in raw.items():
        common = _common(key, entry, at, problems)
        if common is None:
            continue
        label, unit, fmt, note = common
        has_value, has_formula = "value" in entry, "formula" in entry
        if has_value == has_formula:
            problems.append(
                Problem(f"fact {key!r} needs either value or formula", "syntax", at(key, "key"))
            )
            continue
        if has_formula:
            try:
                pending[key] = formulas.parse(entry["formula"])
            except formulas.FormulaError as err:
                problems.append(Problem(f"formula of {key!r}: {err}", err.kind, at(key, "formula")))
            continue
        value = entry["value"]
        written = (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )
        if not isinstance(written, str):
            problems.append(
                Problem(f'value of {key!r} is a string such as "80 GB"', "syntax", at(key, "value"))
            )
            continue
        try:
            number, written_unit = parse_value(written)
            q = quantity(number, written_unit)
            if unit:
                convert(q, unit)
        except UnitsError as err:
            problems.append(Problem(f"value of {key!r}: {err}", "units", at(key, "value")))
            continue
        cite = entry.get("cite")
        assumption = entry.get("assumption")
        if assumption is not None:
            if cite or not isinstance(assumption, str) or not assumption.strip():
                problems.append(
                    Problem(
                        f"assumption of {key!r} is the reason for the value, in words,"
                        " and an assumption has no cite",
                        "syntax",
                        at(key, "assumption"),
                    )
                )
                continue
            registry.facts[key] = primary_fact(
                key, registry.lines[key], entry, (label, q, written, unit, fmt, note),
                assumption=assumption.strip(),
            )
            continue
        if not cite:
            problems.append(
                Problem(
                    f"fact {key!r} has no cite (the BibTeX key of its source;"
                    ' or assumption = "why" for a value the book chooses)',
                    "uncited",
                    at(key, "key"),
                )
            )
            continue
        cites = (cite,) if isinstance(cite, str) else tuple(cite) if isinstance(cite, list) else ()
        if not cites or not all(isinstance(c, str) and c for c in cites):
            problems.append(
                Problem(
                    f"cite of {key!r} is a BibTeX key or a list of keys", "syntax", at(key, "cite")
                )
            )
            continue
        unknown_cites = [c for c in cites if bib_keys is not None and c not in bib_keys]
        if unknown_cites:
            problems.append(
                Problem(
                    f"fact {key!r} cites {unknown_cites[0]!r}, which no entry in bib/ has",
                    "unknown-cite",
                    at(key, "cite"),
                )
            )
            continue
        as_of = entry.get("as_of")
        if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
            problems.append(
                Problem(
                    f"fact {key!r} needs as_of, the date it was last confirmed"
                    " (as_of = 2026-11-30)",
                    "syntax",
                    at(key, "as_of") if "as_of" in entry else at(key, "key"),
                )
            )
            continue
        registry.facts[key] = primary_fact(
            key, registry.lines[key], entry, (label, q, written, unit, fmt, note), cites, as_of
        )

    _evaluate_formulas(registry, raw, pending, at, problems)
    problems.sort(key=lambda p: p.line)
    return registry, problems


def primary_fact(
    key: str,
    line: int,
    entry: dict,
    shown: tuple,
    cites: tuple[str, ...] = (),
    as_of: dt.date | None = None,
    assumption: str = "",
) -> Fact:
    """A fact with a written value: sourced (``cites``, ``as_of``) or the book's ``assumption``.

    ``shown`` is (label, quantity, value as written, display unit, format, note).
    """
    label, q, written, unit, fmt, note = shown
    return Fact(
        key, line, label, q.magnitude, str(q.units), " ".join(written.split()), unit, fmt,
        cites, as_of, note=note, hand_typed=entry.get("hand_typed", True) is not False,
        assumption=assumption,
    )


def _common(key, entry, at, problems) -> tuple[str, str, str, str] | None:
    label = entry.get("label", key)
    unit = entry.get("unit", "")
    fmt = entry.get("format", "")
    note = entry.get("note", "")
    for name, value in (("label", label), ("unit", unit), ("format", fmt), ("note", note)):
        if not isinstance(value, str):
            problems.append(Problem(f"{name} of {key!r} is a string", "syntax", at(key, name)))
            return None
    try:
        if fmt:
            check_format(fmt)
    except UnitsError as err:
        problems.append(Problem(f"fact {key!r}: {err}", "syntax", at(key, "format")))
        return None
    try:
        if unit:
            parse_unit(unit)
    except UnitsError as err:
        problems.append(Problem(f"fact {key!r}: {err}", "units", at(key, "unit")))
        return None
    return label, unit, fmt, note


def _evaluate_formulas(registry, raw, pending, at, problems) -> None:
    """Evaluate formulas depth-first; cycles and unknown names are problems."""
    failed: set[str] = set()
    state: dict[str, str] = {}  # "visiting" | "done"

    def visit(key: str, chain: list[str]) -> Fact | None:
        if key in registry.facts:
            return registry.facts[key]
        if key in failed or key not in pending:
            return None
        if state.get(key) == "visiting":
            cycle = chain[chain.index(key) :] + [key]
            for member in cycle[:-1]:
                failed.add(member)
            first = min(cycle[:-1], key=lambda k: at(k, "formula"))
            problems.append(
                Problem(f"formula cycle: {' -> '.join(cycle)}", "cycle", at(first, "formula"))
            )
            return None
        if len(chain) >= MAX_CHAIN:
            failed.add(key)
            problems.append(
                Problem(
                    f"formula of {key!r} depends on a chain of more than {MAX_CHAIN} formulas",
                    "syntax",
                    at(key, "formula"),
                )
            )
            return None
        state[key] = "visiting"
        tree = pending[key]
        inputs: dict[str, Fact] = {}
        for name in formulas.names(tree):
            if name in registry.facts or name in pending:
                fact = visit(name, [*chain, key])
            else:
                fact = None
                if name not in registry.lines:  # a written fact with a problem is reported already
                    hint = suggest(name, [*registry.facts, *pending])
                    problems.append(
                        Problem(
                            f"formula of {key!r} names unknown fact {name!r}"
                            + (f" (did you mean {hint!r}?)" if hint else ""),
                            "unknown",
                            at(key, "formula"),
                        )
                    )
            if fact is None:
                failed.add(key)
                state[key] = "done"
                return None
            inputs[name] = fact
        state[key] = "done"
        try:
            q = formulas.evaluate(tree, lambda name: inputs[name].quantity)
            entry = raw[key]
            label, unit, fmt, note = (
                entry.get("label", key),
                entry.get("unit", ""),
                entry.get("format", ""),
                entry.get("note", ""),
            )
            if unit:
                q = convert(q, unit)
        except formulas.FormulaError as err:
            failed.add(key)
            problems.append(Problem(f"formula of {key!r}: {err}", err.kind, at(key, "formula")))
            return None
        except UnitsError as err:
            failed.add(key)
            problems.append(Problem(f"formula of {key!r}: {err}", "units", at(key, "unit")))
            return None
        sources: list[str] = []
        cites: list[str] = []
        dates = []
        for fact in inputs.values():
            for source in fact.sources or (fact.key,):
                if source not in sources:
                    sources.append(source)
            for cite in fact.cites:
                if cite not in cites:
                    cites.append(cite)
            if fact.as_of:
                dates.append(fact.as_of)
        fact = Fact(
            key,
            registry.lines[key],
            label,
            q.magnitude,
            str(q.units),
            "",
            unit,
            fmt,
            tuple(cites),
            min(dates) if dates else None,
            entry["formula"],
            tuple(sources),
            note,
            entry.get("hand_typed", True) is not False,
        )
        registry.facts[key] = fact
        return fact

    for key in pending:
        visit(key, [])


def _positions(lines: list[str]) -> dict[tuple[str, str | None], int]:
    """(table, None) -> line of ``[table]``; (table, field) -> line of ``field =`` in it."""
    positions: dict[tuple[str, str | None], int] = {}
    table = None
    header = re.compile(r"\s*\[\s*(\"?)([^\]\"]+)\1\s*\]\s*(#.*)?$")
    assignment = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")
    for number, line in enumerate(lines, start=1):
        if match := header.match(line):
            table = match[2].strip()
            positions.setdefault((table, None), number)
            positions.setdefault((table, "key"), number)
        elif table is not None and (match := assignment.match(line)):
            positions.setdefault((table, match[1]), number)
    return positions


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def suggest(key: str, known: Iterable[str]) -> str | None:
    """The known key closest to ``key`` by edit distance, if it is close enough."""
    key = key.replace("_", "-")[:MAX_KEY]
    limit = max(2, len(key) // 3)
    scored = sorted((distance(key, k, limit), k) for k in known)
    return scored[0][1] if scored and scored[0][0] <= limit else None
