"""Which document shows which fact, and what it looked like when the document was read."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.domains import Domain

from .loading import get_registry, today

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class FactUse(NamedTuple):
    """One use of a fact (role or table row), located, with the fact's signature then."""

    docname: str
    key: str
    line: int
    signature: tuple


class Candidate(NamedTuple):
    """A number with a unit typed in prose, e.g. ("3.35", "TB/s", 42)."""

    number: str
    unit: str
    line: int


class FactsDomain(Domain):
    """Per-document fact uses and hand-typed numbers, parallel-safe.

    The role ``{fact:value}`` (the value without its citation) is this
    domain's; ``{fact}`` itself is a global role.
    """

    name = "fact"
    label = "Facts"
    initial_data: dict[str, Any] = {"uses": {}, "typed": {}, "drawn": {}, "signature": None}

    @property
    def uses(self) -> dict[str, list[FactUse]]:
        return self.data["uses"]

    @property
    def typed(self) -> dict[str, list[Candidate]]:
        return self.data["typed"]

    def note_use(self, docname: str, key: str, line: int, signature: tuple) -> None:
        self.uses.setdefault(docname, []).append(FactUse(docname, key, line, signature))

    def clear_doc(self, docname: str) -> None:
        self.uses.pop(docname, None)
        self.typed.pop(docname, None)
        self.data["drawn"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for name in ("uses", "typed", "drawn"):
                if docname in otherdata[name]:
                    self.data[name][docname] = otherdata[name][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    # -- the status matrix (exts.status asks every domain for ``status_columns``) --

    def keys_by_doc(self) -> dict[str, list[str]]:
        return {doc: sorted({use.key for use in uses}) for doc, uses in self.uses.items()}

    def due_keys(self) -> list[str]:
        """Facts older than ``facts_max_age_days``: to re-confirm (never a warning)."""
        registry = get_registry(self.env)
        now, age = today(), self.env.config.facts_max_age_days
        return [
            key
            for key, fact in registry.facts.items()
            if not fact.formula and registry.due(key, now, age)
        ]

    def status_columns(self) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], tuple[str, ...]]:
        """Headers, cells per document and totals: facts used, and how many of them are due."""
        registry = get_registry(self.env)
        now, age = today(), self.env.config.facts_max_age_days
        cells, used_all, due_all = {}, set(), set()
        for doc, keys in self.keys_by_doc().items():
            known = [k for k in keys if registry.get(k)]
            due = {
                s
                for k in known
                for s in (registry.facts[k].sources or (k,))
                if registry.due(s, now, age)
            }
            cells[doc] = (str(len(known)), str(len(due)))
            used_all |= set(known)
            due_all |= due
        return ("Facts", "Facts due"), cells, (str(len(used_all)), str(len(due_all)))

    def status_notes(self) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]]:
        """Facts to re-confirm: key, as of, citation, registry file:line (none: no table)."""
        registry = get_registry(self.env)
        rows = tuple(
            (
                key,
                str(registry.facts[key].as_of),
                ", ".join(registry.facts[key].cites),
                f"{self.env.config.facts_registry_file}:{registry.facts[key].line}",
            )
            for key in self.due_keys()
        )
        return (
            [("Facts to re-confirm", ("Fact", "As of", "Source", "Registry"), rows)] if rows else []
        )


def current_signature(env: BuildEnvironment, key: str) -> tuple:
    registry = get_registry(env)
    fact = registry.get(key)
    return fact.signature() if fact else ("unknown", registry.suggest(key))


def outdated_by_facts(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Documents showing a fact whose value, unit, citation or date changed since they were read."""
    domain: FactsDomain = env.get_domain("fact")  # type: ignore[assignment]
    return sorted(
        doc
        for doc, uses in domain.uses.items()
        if any(use.signature != current_signature(env, use.key) for use in uses)
    )


def status_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the status page when fact counts or due facts changed."""
    if "status" not in env.domains:
        return []
    domain: FactsDomain = env.get_domain("fact")  # type: ignore[assignment]
    signature = repr((domain.status_columns(), domain.status_notes()))
    if signature == domain.data["signature"]:
        return []
    domain.data["signature"] = signature
    return sorted(env.get_domain("status").data["pages"])
