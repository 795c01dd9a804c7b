"""Numbers typed by hand in prose that equal a registry value: use the role instead.

At read time each document's prose is scanned for a number followed by a unit
("3.35 TB/s", "131,072 bytes", "1 GiB"); the candidates are kept in the
domain (they do not depend on the registry). Every build compares them with
the registry in the main process, so a fact added to the registry flags the
documents that type it without re-reading them. A written number equals a
fact when the fact, expressed in the written unit and rounded to the written
number's decimals, is that number.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pint
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from exts import filememo

from .domain import Candidate
from .loading import bib_keys, get_registry, read_registry, registry_path
from .logging import warn
from .units import NUMBER, UnitsError, convert, parse_unit
from .values import value_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

CANDIDATE_RE = re.compile(
    rf"(?<![\w.,/-])(?P<number>{NUMBER})[ \u00a0](?P<unit>[A-Za-zµ]+(?:/[A-Za-z]+)?)(?![\w/])"
)
# Diagram labels often drop the space: "3.35TB/s".
DRAWN_RE = re.compile(
    rf"(?<![\w.,/-])(?P<number>{NUMBER})[ \u00a0]?(?P<unit>[A-Za-zµ]+(?:/[A-Za-z]+)?)(?![\w/])"
)
SKIPPED = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.raw,
    nodes.comment,
    nodes.reference,
    addnodes.pending_xref,
    nodes.citation_reference,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.title,
)
# Units that are also common words or symbols in prose: never candidates.
WORDS = {
    "a",
    "at",
    "in",
    "h",
    "t",
    "m",
    "B",
    "b",
    "g",
    "l",
    "L",
    "P",
    "E",
    "G",
    "M",
    "T",
    "K",
    "d",
    "yr",
}


def skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if (
            isinstance(parent, SKIPPED)
            or "fact" in parent.get("classes", ())
            or "bibtex-citation" in parent.get("classes", ())
        ):
            return True
        parent = parent.parent
    return False


def line_of(node: nodes.Node) -> int:
    while node is not None:
        if getattr(node, "line", None):
            return node.line
        node = node.parent
    return 0


class CollectTypedNumbers(SphinxTransform):
    """Record the numbers with units in a document's prose."""

    default_priority = 880  # after exts.works_cited's References (860) and the Next link (870)

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        domain = self.env.get_domain("fact")
        found = [
            candidate
            for text in self.document.findall(nodes.Text)
            if not skipped(text)
            for candidate in candidates(CANDIDATE_RE, text.astext(), line_of(text))
        ]
        if found:
            domain.typed[docname] = found  # type: ignore[attr-defined]
        drawn = [
            Drawn(key, text, line_of(image), image.get("source", ""))
            for image in self.document.findall(is_diagram)
            for key, text in fact_labels(image)
        ]
        if drawn:
            domain.data["drawn"][docname] = drawn


def candidates(pattern: re.Pattern[str], text: str, line: int) -> list[Candidate]:
    """Numbers followed by a unit of some dimension ("3.35 TB/s"), not a bare count."""
    found = []
    for match in pattern.finditer(text):
        unit = match["unit"]
        if unit in WORDS:
            continue
        try:
            parsed = parse_unit(unit)
        except UnitsError:
            continue
        if not parsed.dimensionless:
            found.append(Candidate(match["number"], unit, line))
    return found


def is_diagram(node: nodes.Node) -> bool:
    """exts.diagrams' ``diagram_image`` (matched by name: the facts extension works without it)."""
    return isinstance(node, nodes.Element) and node.tagname == "diagram_image"


class Drawn(NamedTuple):
    """A diagram label that names a fact: ``<text data-fact="key">3.35 TB/s</text>``."""

    key: str
    text: str
    line: int
    source: str  # the diagram file, under the diagrams folder


def fact_labels(image: nodes.Element) -> list[tuple[str, str]]:
    """(key, text) of each element of the diagram's (sanitized) SVG with a ``data-fact``."""
    svg = image.get("svg") or ""
    if not svg:
        return []
    try:
        root = DefusedET.fromstring(svg.encode("utf-8"))
    except (DefusedET.ParseError, DefusedXmlException, ValueError):
        return []
    return [
        (element.get("data-fact", "").strip(), " ".join("".join(element.itertext()).split()))
        for element in root.iter()
        if element.get("data-fact")
    ]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def equal_at_precision(fact, candidate: Candidate) -> tuple[bool, float] | None:
    """Whether the fact, in the written unit and precision, is the written number.

    None when the fact has another dimension; otherwise (equal, the fact's value).
    """
    written = float(candidate.number.replace(",", ""))
    decimals = len(candidate.number.split(".")[1]) if "." in candidate.number else 0
    try:
        value = float(convert(fact.quantity, candidate.unit).magnitude)
    except (UnitsError, pint.errors.PintError):
        return None
    return round(value, decimals) == written, value


def check_label(registry, label: Drawn) -> str | None:
    """Why a diagram label disagrees with the fact it names (None if it agrees)."""
    fact = registry.get(label.key)
    if fact is None:
        hint = registry.suggest(label.key)
        return f"unknown fact {label.key!r} in diagram {label.source}" + (
            f" (did you mean {hint!r}?)" if hint else ""
        )
    shown = value_text(fact).replace("\u00a0", " ")
    found = candidates(DRAWN_RE, label.text, label.line)
    if not any((result := equal_at_precision(fact, c)) is not None and result[0] for c in found):
        return (
            f"diagram {label.source}: text {label.text!r} names fact {label.key!r}"
            f" but does not show its value ({shown})"
        )
    return None


class TypedMatcher:
    """Each hand-typed-able fact's value in a written unit, computed once per unit.

    A book types a few dozen units thousands of times; converting every fact
    for every typed number was quadratic (issue 19). Facts are grouped by
    dimensionality, so only facts a unit can express are converted, once.
    """

    def __init__(self, registry) -> None:
        self.groups: dict[object, list[tuple[str, object]]] = {}
        for key, fact in registry.facts.items():
            if fact.hand_typed:
                dims = fact.quantity.dimensionality
                self.groups.setdefault(dims, []).append((key, fact))
        self.values: dict[str, list[tuple[str, object, float]]] = {}

    def values_in(self, unit: str) -> list[tuple[str, object, float]]:
        """(key, fact, magnitude in ``unit``) of every fact ``unit`` can express, in registry order."""
        if unit not in self.values:
            self.values[unit] = self._convert_all(unit)
        return self.values[unit]

    def _convert_all(self, unit: str) -> list[tuple[str, object, float]]:
        try:
            dims = parse_unit(unit).dimensionality
        except UnitsError:
            return []
        found = []
        for key, fact in self.groups.get(dims, []):
            try:
                found.append((key, fact, float(convert(fact.quantity, unit).magnitude)))
            except (UnitsError, pint.errors.PintError):
                continue
        return found

    def matches(self, candidate: Candidate) -> list[tuple[str, str]]:
        """(key, role target) of each fact equal to the typed number in its unit."""
        written = float(candidate.number.replace(",", ""))
        decimals = len(candidate.number.split(".")[1]) if "." in candidate.number else 0
        found = []
        for key, fact, value in self.values_in(candidate.unit):
            if round(value, decimals) == written:
                as_written = f"{candidate.number}\u00a0{candidate.unit}"
                if value_text(fact) == as_written:
                    target = key
                else:
                    target = f"{key}:{candidate.unit}:" + (f",.{decimals}f" if decimals else ",d")
                found.append((key, target))
        return found


@filememo.on_files(lambda path, keys, units: [path])
def unit_values(path: Path, keys: set[str] | None, units: tuple[str, ...]) -> dict[str, list]:
    """``TypedMatcher.values_in`` of each unit for the registry at ``path`` (warm preview: kept)."""
    matcher = TypedMatcher(read_registry(path, keys)[0])
    return {unit: matcher.values_in(unit) for unit in units}


def check_typed_numbers(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn where prose types a registry value (documents matching ``facts_hand_typed_docs``)."""
    registry = get_registry(env)
    if not registry.facts:
        return
    patterns = env.config.facts_hand_typed_docs
    domain = env.get_domain("fact")
    matcher = TypedMatcher(registry)
    if filememo.KEEPING:  # warm preview: converted once per registry by the warm process
        typed = domain.typed.values()  # type: ignore[attr-defined]
        units = tuple(sorted({c.unit for found in typed for c in found}))
        path = registry_path(app.confdir, app.config)
        matcher.values.update(unit_values(path, bib_keys(env), units))
    for docname in sorted(domain.data["drawn"]):
        if docname not in env.all_docs:
            continue
        for label in domain.data["drawn"][docname]:
            problem = check_label(registry, label)
            if problem is not None:
                subtype = "unknown" if problem.startswith("unknown") else "diagram"
                warn(problem, subtype, (docname, label.line))
    for docname in sorted(domain.typed):  # type: ignore[attr-defined]
        if docname not in env.all_docs or not any(
            fnmatch.fnmatchcase(docname, p) for p in patterns
        ):
            continue
        for candidate in domain.typed[docname]:  # type: ignore[attr-defined]
            matches = matcher.matches(candidate)
            if not matches:
                continue
            key, target = matches[0]
            others = (
                f" (also equals {', '.join(repr(k) for k, _ in matches[1:3])})"
                if len(matches) > 1
                else ""
            )
            warn(
                f"hand-typed {candidate.number} {candidate.unit} equals fact {key!r}{others}: "
                f"write {{fact}}`{target}`",
                "hand-typed",
                (docname, candidate.line),
            )
