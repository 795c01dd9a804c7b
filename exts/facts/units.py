"""Quantities with units: one pint registry, safe parsing, formatting.

No Sphinx imports. pint's own string parser evaluates expressions (``10**10**10 GB``
would hang), so values and units are checked against a small grammar first:
a decimal number, then a unit made of names joined by ``/``, ``*`` or a space,
each with at most a one-digit power.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import pint


def _unit_registry() -> pint.UnitRegistry:
    """pint's default definitions, with information as a dimension of its own.

    pint defines ``bit = []`` (dimensionless), so 80 GB + 32 would pass; here
    ``bit = [information]``: 80 GB + 3 ms and 80 GB + 32 are unit errors.
    """
    folder = Path(pint.__file__).parent
    text = (folder / "default_en.txt").read_text(encoding="utf-8")
    constants = (folder / "constants_en.txt").read_text(encoding="utf-8")
    text = text.replace("@import constants_en.txt", constants).replace(
        "bit = []", "bit = [information]", 1
    )
    registry = pint.UnitRegistry(None)
    registry.load_definitions(text.splitlines())
    return registry


UNITS = _unit_registry()
Quantity = UNITS.Quantity

MAX_UNIT_CHARS = 40
NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d{1,3})?"
UNIT_NAME = r"[A-Za-zµμ_]+"
UNIT_FACTOR = rf"{UNIT_NAME}(?:\s*(?:\*\*|\^)\s*-?\d)?"
UNIT = rf"{UNIT_FACTOR}(?:\s*[/*]\s*{UNIT_FACTOR})*"
VALUE_RE = re.compile(rf"\s*(?P<number>{NUMBER})\s*(?P<unit>{UNIT})?\s*")
UNIT_RE = re.compile(rf"\s*{UNIT}\s*")


class UnitsError(ValueError):
    """A value or unit that cannot be read, or units that do not agree."""


class FormatError(UnitsError):
    """A format specification outside the allowed ones."""


def parse_unit(text: str) -> pint.Unit:
    """A unit such as ``TB/s`` or ``KiB``; ``UnitsError`` for anything else."""
    if len(text) > MAX_UNIT_CHARS or not UNIT_RE.fullmatch(text):
        raise UnitsError(f"{text!r} is not a unit (write e.g. 'GB', 'TB/s', 'kbit/s')")
    try:
        return _parse_units(text.strip())
    except (pint.errors.PintError, ValueError, AttributeError, TypeError) as err:
        raise UnitsError(f"unknown unit {text.strip()!r}: {err}") from None


@lru_cache(maxsize=4096)
def _parse_units(text: str) -> pint.Unit:
    """pint's unit parser, memoized: a book names a few dozen units thousands of times."""
    return UNITS.parse_units(text)


def parse_value(text: str) -> tuple[float, str]:
    """``"3.35 TB/s"`` -> (3.35, "TB/s"); a plain number has the unit ""."""
    match = VALUE_RE.fullmatch(text) if len(text) <= 80 else None
    if match is None:
        raise UnitsError(
            f"{text!r} is not a number with a unit (write e.g. '3.35 TB/s', '80 GB', '32')"
        )
    number = float(match["number"].replace(",", ""))
    if not math.isfinite(number):
        raise UnitsError(f"{text!r} is not a finite number")
    unit = (match["unit"] or "").strip()
    if unit:
        parse_unit(unit)
    return number, unit


def quantity(magnitude: float, unit: str) -> pint.Quantity:
    """A quantity from a magnitude and a unit string already checked by :func:`parse_unit`."""
    return Quantity(magnitude, _parse_units(unit) if unit else UNITS.dimensionless)


def describe(q: pint.Quantity) -> str:
    """``80 GB [information]`` for messages."""
    units = f"{q.units:~}"
    if not units:
        return f"{q.magnitude:g} (a plain number)"
    dims = str(q.dimensionality) if not q.dimensionless else "dimensionless"
    return f"{q.magnitude:g} {units} ({dims})"


def convert(q: pint.Quantity, unit: str) -> pint.Quantity:
    target = parse_unit(unit) if unit else UNITS.dimensionless
    try:
        return q.to(target)
    except pint.errors.DimensionalityError:
        raise UnitsError(f"cannot express {describe(q)} in {unit or 'no unit'}") from None


FORMAT_RE = re.compile(r"(?P<comma>,)?(?:\.(?P<precision>\d))?(?P<kind>[fg%d])?")


def check_format(spec: str) -> None:
    if not spec or len(spec) > 4 or not FORMAT_RE.fullmatch(spec):
        raise FormatError(
            f"format {spec!r} is not one of: .1f (decimals), ,.0f or ,d (thousands),"
            " .3g (significant digits)"
        )


def format_number(value: float, spec: str = "") -> str:
    """The number as printed: ``spec`` as in Python's format mini-language (checked)."""
    if spec:
        check_format(spec)
        match = FORMAT_RE.fullmatch(spec)
        assert match is not None
        if match["kind"] == "d":
            spec = f"{match['comma'] or ''}.0f"
        elif not match["kind"]:
            spec += "f"
        return format(value, spec)
    if abs(value - round(value)) < 1e-9 * max(1.0, abs(value)) or abs(value) >= 1000:
        return f"{value:,.0f}"
    digits = max(0, 2 - math.floor(math.log10(abs(value)))) if value else 0
    return f"{value:.{digits}f}"


NBSP = "\u00a0"


def render(number: str, unit: str) -> str:
    """``3.35 TB/s`` with a non-breaking space between number and unit."""
    return f"{number}{NBSP}{unit}" if unit else number
