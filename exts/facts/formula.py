"""Formulas over facts, evaluated without ``eval``.

No Sphinx imports. A formula is a Python expression parsed with :mod:`ast`
and walked over an allow-list: numbers, fact names (a key with ``_`` for
``-``: ``h100_sxm_bandwidth``), ``+ - * /``, ``**`` with a constant exponent
of at most ``MAX_EXPONENT``, unary minus, parentheses and the functions in
``FUNCTIONS``. Everything else (attributes, subscripts, strings, keywords,
lambdas, comprehensions, other calls) is a :class:`FormulaError`, before
anything is evaluated. Units are pint's: adding GB to GiB converts, adding
ms to GB is a :class:`FormulaError` of kind ``units``.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable

import pint

from .units import UNITS, Quantity, describe

MAX_CHARS = 500
MAX_DEPTH = 32  # parentheses
MAX_NODES_DEPTH = 100  # operators: a sum of 100 terms is fine
MAX_EXPONENT = 16
FUNCTIONS = ("min", "max", "ceil", "floor", "round")


class FormulaError(ValueError):
    """A formula that cannot be evaluated; ``kind`` is the warning subtype."""

    def __init__(self, message: str, kind: str = "syntax", names: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        self.names = names


def key_of(name: str) -> str:
    """The fact key a formula name stands for: ``h100_sxm_bandwidth`` -> ``h100-sxm-bandwidth``."""
    return name.replace("_", "-")


def parse(formula: str) -> ast.Expression:
    """The checked syntax tree of ``formula`` (no evaluation)."""
    if not isinstance(formula, str) or not formula.strip():
        raise FormulaError("a formula is a non-empty string")
    if len(formula) > MAX_CHARS:
        raise FormulaError(f"a formula is at most {MAX_CHARS} characters")
    depth = 0
    for char in formula:
        depth += (char in "([{") - (char in ")]}")
        if depth > MAX_DEPTH:
            raise FormulaError(f"parentheses nested more than {MAX_DEPTH} deep")
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as err:
        raise FormulaError(f"not a formula: {getattr(err, 'msg', err)}") from None
    _check(tree.body, 0)
    return tree


def names(tree: ast.Expression) -> list[str]:
    """The fact keys a checked formula uses, in order of appearance."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS:
            key = key_of(node.id)
            if key not in found:
                found.append(key)
    return found


BINARY = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
UNARY = (ast.USub, ast.UAdd)


def _check(node: ast.AST, depth: int) -> None:
    if depth > MAX_NODES_DEPTH:
        raise FormulaError(f"a formula nested more than {MAX_NODES_DEPTH} operations deep")
    if isinstance(node, ast.Constant):
        if type(node.value) not in (int, float):
            raise FormulaError(f"only numbers are allowed as constants, not {node.value!r:.40}")
        return
    if isinstance(node, ast.Name):
        if node.id.startswith("_") or "__" in node.id:
            raise FormulaError(
                f"{node.id!r} is not a fact name (fact names have no leading or double underscores)"
            )
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, BINARY):
        if isinstance(node.op, ast.Pow):
            exponent = _constant(node.right)
            if exponent is None or not -MAX_EXPONENT <= exponent <= MAX_EXPONENT:
                raise FormulaError(
                    f"an exponent must be a number between -{MAX_EXPONENT} and {MAX_EXPONENT}"
                )
        _check(node.left, depth + 1)
        _check(node.right, depth + 1)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, UNARY):
        _check(node.operand, depth + 1)
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise FormulaError(f"only the functions {', '.join(FUNCTIONS)} may be called")
        if node.keywords or not node.args or any(isinstance(a, ast.Starred) for a in node.args):
            raise FormulaError(f"{node.func.id}() takes plain arguments")
        if node.func.id in ("ceil", "floor") and len(node.args) != 1:
            raise FormulaError(f"{node.func.id}() takes one argument")
        if node.func.id == "round" and len(node.args) not in (1, 2):
            raise FormulaError("round() takes a value and optionally a number of digits")
        for arg in node.args:
            _check(arg, depth + 1)
        return
    raise FormulaError(f"{type(node).__name__} is not allowed in a formula ({_allowed()})")


def _allowed() -> str:
    return "numbers, fact names, + - * / **, parentheses, " + ", ".join(f"{f}()" for f in FUNCTIONS)


def _constant(node: ast.AST) -> float | None:
    """The value of a numeric constant, possibly negated; None for anything else."""
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, UNARY):
        sign *= -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        try:
            return sign * float(node.value)
        except OverflowError:
            return None
    return None


Lookup = Callable[[str], pint.Quantity]


def evaluate(tree: ast.Expression, lookup: Lookup) -> pint.Quantity:
    """The value of a checked formula; ``lookup(key)`` gives a fact's quantity."""
    try:
        result = _eval(tree.body, lookup)
    except FormulaError:
        raise
    except pint.errors.DimensionalityError as err:
        raise FormulaError(f"units do not agree: {err}", "units") from None
    except (pint.errors.PintError, ArithmeticError, TypeError, ValueError) as err:
        raise FormulaError(
            f"cannot evaluate: {err}", "units" if "unit" in str(err) else "syntax"
        ) from None
    if not math.isfinite(float(result.magnitude)):
        raise FormulaError("the result is not a finite number (division by zero or overflow)")
    return result


def _eval(node: ast.AST, lookup: Lookup) -> pint.Quantity:
    if isinstance(node, ast.Constant):
        try:
            return Quantity(float(node.value), UNITS.dimensionless)
        except OverflowError:
            raise FormulaError(f"the number {str(node.value)[:20]}... is too large") from None
    if isinstance(node, ast.Name):
        return lookup(key_of(node.id))
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, lookup)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left = _eval(node.left, lookup)
        if isinstance(node.op, ast.Pow):
            exponent = _constant(node.right)
            assert exponent is not None
            return _finite(left**exponent)
        right = _eval(node.right, lookup)
        if isinstance(node.op, ast.Add | ast.Sub):
            _same_dimension(left, right, "add" if isinstance(node.op, ast.Add) else "subtract")
            return _finite(left + right if isinstance(node.op, ast.Add) else left - right)
        if isinstance(node.op, ast.Mult):
            return _finite(left * right)
        if float((right).magnitude) == 0:
            raise FormulaError("division by zero")
        return _finite(left / right)
    if isinstance(node, ast.Call):
        args = [_eval(arg, lookup) for arg in node.args]
        name = node.func.id  # type: ignore[attr-defined]
        if name in ("min", "max"):
            for other in args[1:]:
                _same_dimension(args[0], other, f"compare in {name}()")
            pick = min if name == "min" else max
            return pick(args, key=lambda q: q.to(args[0].units).magnitude)
        if name == "round" and len(args) == 2:
            digits = _plain(args[1], "round()'s digits")
            return Quantity(round(args[0].magnitude, int(digits)), args[0].units)
        value = _plain(args[0], f"{name}()")
        rounded = {"ceil": math.ceil, "floor": math.floor, "round": round}[name](value)
        return Quantity(float(rounded), UNITS.dimensionless)
    raise FormulaError(f"{type(node).__name__} is not allowed in a formula")


def _same_dimension(left: pint.Quantity, right: pint.Quantity, verb: str) -> None:
    if left.dimensionality != right.dimensionality:
        raise FormulaError(f"cannot {verb} {describe(left)} and {describe(right)}", "units")


def _plain(value: pint.Quantity, what: str) -> float:
    if not value.dimensionless:
        raise FormulaError(f"{what} needs a plain number, not {describe(value)}", "units")
    return float(value.to(UNITS.dimensionless).magnitude)


def _finite(value: pint.Quantity) -> pint.Quantity:
    if not math.isfinite(float(value.magnitude)):
        raise FormulaError("the result is not a finite number (overflow)")
    return value
