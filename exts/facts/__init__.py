"""Facts: one sourced registry for the book's numbers, and the build as its calculator.

``bib/facts.toml`` holds every hardware, model, audio and provider number
with its unit, its BibTeX source and the date it was last confirmed, and
derived quantities as formulas over them (evaluated without ``eval``, units
checked by pint). ``{fact}`` renders a value with its citation,
``{fact:value}`` without, ``fact-table`` a table of facts; numbers typed by
hand that equal a fact are warnings, and facts due for re-confirmation show
on the status matrix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .domain import FactsDomain, outdated_by_facts, status_pages
from .handtyped import CollectTypedNumbers, check_typed_numbers
from .loading import AFTER_BIBTEX, check_config, load_for_build
from .roles import FactRole, FactTable

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("exts.works_cited")
    app.add_config_value("facts_registry_file", "bib/facts.toml", "env", types=frozenset({str}))
    app.add_config_value("facts_max_age_days", 365, "env", types=frozenset({int}))
    app.add_config_value("facts_hand_typed_docs", ["**"], "env", types=frozenset({list, tuple}))
    app.add_domain(FactsDomain)
    app.add_role("fact", FactRole(cite=True))
    app.add_role_to_domain("fact", "value", FactRole(cite=False))
    app.add_directive("fact-table", FactTable)
    app.add_transform(CollectTypedNumbers)
    app.connect("config-inited", check_config)
    app.connect("builder-inited", load_for_build, priority=AFTER_BIBTEX)
    app.connect("env-get-outdated", outdated_by_facts)
    app.connect("env-updated", check_typed_numbers)
    app.connect("env-get-updated", status_pages)
    return {
        "version": "1.0",
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
