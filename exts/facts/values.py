"""A fact's value as printed (no Sphinx imports)."""

from __future__ import annotations

from .registry import Fact
from .units import check_format, convert, format_number, parse_value, render


def value_text(fact: Fact, unit: str = "", spec: str = "") -> str:
    """The value as printed; ``UnitsError`` if ``unit`` or ``spec`` cannot apply."""
    if spec:
        check_format(spec)
    if fact.written and not unit and not spec and not fact.unit and not fact.format:
        number, written_unit = parse_value(fact.written)
        return render(fact.written.split()[0] if written_unit else fact.written, written_unit)
    unit = unit or fact.unit or _written_unit(fact)
    q = convert(fact.quantity, unit) if unit else fact.quantity
    if not unit and not q.dimensionless:
        unit = f"{q.units:~}"
    elif not unit:
        q = q.to("dimensionless")
    return render(format_number(float(q.magnitude), spec or fact.format), unit)


def _written_unit(fact: Fact) -> str:
    return parse_value(fact.written)[1] if fact.written else ""
